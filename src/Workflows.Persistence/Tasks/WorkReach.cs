using System.Collections.Frozen;

namespace Workflows.Persistence.Tasks;

/// <summary>
/// Names the ways work reaches people, as the participant rows do: <c>Signer:wang</c> (a person, also as a 抄送
/// recipient), <c>CandidateRole:finance</c>, <c>CandidateRoleInDepartment:head@finance</c>, <c>CandidateDepartment:finance</c>.
/// A burst says which it reached before and after it, so a page showing one person's work reloads only when that changed.
/// </summary>
public static class WorkReach
{
    public static string Key(ParticipantKind kind, string value) => $"{kind}:{value}";

    public static string Person(string userName) => Key(ParticipantKind.Signer, userName);

    /// <summary>A change to a matter that reaches no one's work: its own pages hear it, no inbox or dashboard does.</summary>
    public static IReadOnlySet<string> Nobody { get; } = FrozenSet<string>.Empty;
}
