namespace Workflows.Core.Migration;

/// <summary>Move an instance to <see cref="ToVersion"/>; <see cref="ActivityMap"/> names the new id of a step that was renamed.</summary>
public sealed record MigrateInstance(int ToVersion, IReadOnlyDictionary<string, string>? ActivityMap, string? Reason);

/// <summary>What a migration did, or would do (dry run), or why it was refused (<see cref="Problems"/>; then nothing changed).</summary>
public sealed record MigrationReport(
    string InstanceId, int FromVersion, int ToVersion, bool Migrated, IReadOnlyList<ActivityMove> Moves, IReadOnlyList<string> Problems)
{
    public bool Refused => Problems.Count > 0;
}

/// <summary>One open piece of work: where it waited, where it waits now, and whether its deadlines were planned again.</summary>
public sealed record ActivityMove(string Kind, string From, string To, string? TaskId, bool DeadlinesReplanned, DateTimeOffset? DueAt);

public static class MigrationEvents
{
    public const string InstanceMigrated = "InstanceMigrated";
}
