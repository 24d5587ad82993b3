using System.Text.Json.Nodes;

namespace Workflows.Designer.Services;

/// <summary>
/// 试运行 and 迁移 from the designer: run the latest version (the draft too) on a simulated clock, count the running
/// matters per version, and move those of an older version (a dry run first).
/// </summary>
public interface ITrialRunClient
{
    Task<WorkResult<TrialRun>> SimulateAsync(string definitionId, TrialRequest request, CancellationToken cancellationToken);

    Task<IReadOnlyList<VersionRunning>> RunningAsync(string definitionId, CancellationToken cancellationToken);

    Task<WorkResult<MigrationPlan>> MigrateAsync(
        string definitionId, int fromVersion, int toVersion, IReadOnlyDictionary<string, string> activityMap, bool dryRun, CancellationToken cancellationToken);
}

/// <summary>Complete the open task at <see cref="ActivityId"/> with <see cref="Outcome"/>, that many working days after it appeared.</summary>
public sealed record TrialStep(string ActivityId, string Outcome, int AfterWorkingDays);

public sealed record TrialRequest(JsonObject Input, DateTimeOffset StartAt, IReadOnlyList<TrialStep> Steps, bool UntilIdle);

public sealed record TrialEmail(string Kind, IReadOnlyList<string> To, string Subject);

public sealed record TrialEvent(
    DateTimeOffset At, string? ActivityId, string Event, string? Outcome, IReadOnlyList<string> Assignees,
    DateTimeOffset? DueAt, DateTimeOffset? HardDueAt, IReadOnlyList<TrialEmail> Emails, IReadOnlyList<string> Documents);

/// <param name="Waiting">The steps with an open task at the end, where the next step can be picked.</param>
public sealed record TrialRun(string Status, IReadOnlyList<TrialEvent> Timeline, IReadOnlyList<string> Problems, IReadOnlyList<string> Waiting);

public sealed record VersionRunning(int Version, int Running);

public sealed record MigrationPlanItem(string InstanceId, bool Migrated, IReadOnlyList<string> Moves, IReadOnlyList<string> Problems);

public sealed record MigrationPlan(bool DryRun, int Migrated, int Refused, IReadOnlyList<MigrationPlanItem> Instances);
