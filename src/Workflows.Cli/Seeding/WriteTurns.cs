using Workflows.Core.Runtime;

namespace Workflows.Cli.Seeding;

/// <summary>
/// On SQLite, the seed's writers take turns in the process. The database lets one writer in at a time and makes the
/// other wait by sleeping and retrying (busy_timeout), and with workers committing all the time those sleeps were
/// most of a seed's run; queued here, a worker waits only as long as the commit before it takes. Other databases
/// lock rows, so their writers never wait here.
/// </summary>
public sealed class WriteTurns(bool taken)
{
    private readonly SemaphoreSlim _turn = new(1, 1);

    public async Task WriteAsync(Func<Task> write, CancellationToken cancellationToken)
    {
        if (!taken)
        {
            await write();
            return;
        }
        await _turn.WaitAsync(cancellationToken);
        try
        {
            await write();
        }
        finally
        {
            _turn.Release();
        }
    }
}

/// <summary>The engine's store with each commit in its <see cref="WriteTurns"/> turn; reads go straight through.</summary>
public sealed class TurnTakingInstanceStore(IWorkflowInstanceStore store, WriteTurns turns) : IWorkflowInstanceStore
{
    public Task<WorkflowInstance?> FindAsync(string instanceId, CancellationToken cancellationToken) => store.FindAsync(instanceId, cancellationToken);

    public Task CommitAsync(WorkflowBurst burst, CancellationToken cancellationToken) =>
        turns.WriteAsync(() => store.CommitAsync(burst, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<JournalEntry>> GetJournalAsync(string instanceId, CancellationToken cancellationToken) =>
        store.GetJournalAsync(instanceId, cancellationToken);

    public Task<IReadOnlyList<SideEffect>> GetSideEffectsAsync(string instanceId, CancellationToken cancellationToken) =>
        store.GetSideEffectsAsync(instanceId, cancellationToken);
}
