using Workflows.Core.Runtime;

namespace Workflows.Benchmarks.Ours;

/// <summary>
/// The engine's own <see cref="InMemoryWorkflowInstanceStore"/>, swappable for an empty one between batches. Building a
/// new container per batch instead would JIT new code every batch and keep the runtime from ever promoting hot methods
/// to optimised code (each new compilation restarts tiered compilation's delay), which no long-running server sees.
/// </summary>
public sealed class ResettableInstanceStore : IWorkflowInstanceStore
{
    private volatile InMemoryWorkflowInstanceStore _inner = new();

    /// <summary>Only call it while no command is running.</summary>
    public void Reset() => _inner = new InMemoryWorkflowInstanceStore();

    public Task<WorkflowInstance?> FindAsync(string instanceId, CancellationToken cancellationToken) =>
        _inner.FindAsync(instanceId, cancellationToken);

    public Task CommitAsync(WorkflowBurst burst, CancellationToken cancellationToken) =>
        _inner.CommitAsync(burst, cancellationToken);

    public Task<IReadOnlyList<JournalEntry>> GetJournalAsync(string instanceId, CancellationToken cancellationToken) =>
        _inner.GetJournalAsync(instanceId, cancellationToken);

    public Task<IReadOnlyList<SideEffect>> GetSideEffectsAsync(string instanceId, CancellationToken cancellationToken) =>
        _inner.GetSideEffectsAsync(instanceId, cancellationToken);
}
