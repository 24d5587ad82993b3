namespace Workflows.Core.Runtime;

/// <summary>
/// Durable instance state. A burst is committed whole or not at all; a commit whose expected version is not the
/// stored one throws <see cref="WorkflowConcurrencyException"/> and changes nothing.
/// </summary>
public interface IWorkflowInstanceStore
{
    Task<WorkflowInstance?> FindAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>Stores the burst's instance state, journal entries and side effects atomically and sets the new version.</summary>
    Task CommitAsync(WorkflowBurst burst, CancellationToken cancellationToken);

    Task<IReadOnlyList<JournalEntry>> GetJournalAsync(string instanceId, CancellationToken cancellationToken);

    Task<IReadOnlyList<SideEffect>> GetSideEffectsAsync(string instanceId, CancellationToken cancellationToken);
}

/// <param name="ExpectedVersion">The version the burst loaded, or null for a new instance.</param>
public sealed record WorkflowBurst(
    WorkflowInstance Instance,
    long? ExpectedVersion,
    IReadOnlyList<JournalEntry> Journal,
    IReadOnlyList<SideEffect> SideEffects);

public sealed class WorkflowConcurrencyException(string message) : Exception(message);
