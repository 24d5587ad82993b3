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
/// <param name="LoadedBookmarks">
/// The bookmarks as loaded at <paramref name="ExpectedVersion"/> (copies), so a store can write only what changed
/// without reading it back: the version check guarantees they are still what is stored. Empty for a new instance.
/// </param>
public sealed record WorkflowBurst(
    WorkflowInstance Instance,
    long? ExpectedVersion,
    IReadOnlyList<JournalEntry> Journal,
    IReadOnlyList<SideEffect> SideEffects,
    IReadOnlyList<Bookmark>? LoadedBookmarks = null);

public sealed class WorkflowConcurrencyException(string message) : Exception(message);
