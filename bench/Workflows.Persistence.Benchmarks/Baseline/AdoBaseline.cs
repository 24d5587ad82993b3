namespace Workflows.Persistence.Benchmarks.Baseline;

/// <summary>What the baseline sent to the database, counted by its own code.</summary>
public sealed class BaselineCounters
{
    public int ConnectionOpens, Statements, Commands, Transactions;

    /// <summary>Stopwatch ticks spent committing (for --profile).</summary>
    public long CommitTicks;

    public void Reset() => (ConnectionOpens, Statements, Commands, Transactions, CommitTicks) = (0, 0, 0, 0, 0);
}

/// <summary>
/// The same work as <see cref="EngineWorkload"/> with no engine and no EF: per instance one start transaction and
/// three resume transactions, in the same order (all starts, then every a, every b, every c), writing the rows the
/// EF store writes (<see cref="BurstTemplates"/>) with parameterised commands. A resume reads the instance row first,
/// on the connection it then commits on, and its UPDATE carries the optimistic version check in the WHERE clause; a
/// row count other than one on the UPDATE or the bookmark DELETE fails the run, as it would fail the EF store.
/// </summary>
public abstract class AdoBaseline(BurstTemplates templates)
{
    protected BurstTemplates Templates { get; } = templates;
    public BaselineCounters Counters { get; } = new();

    /// <summary>When set (statement accounting only, never while measured): "OPEN", "BEGIN", each command's SQL, "COMMIT".</summary>
    public List<string>? Trace { get; set; }

    protected void Record(string what) => Trace?.Add(what);

    protected async Task CommitAsync(System.Data.Common.DbTransaction transaction, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await transaction.CommitAsync(cancellationToken);
        Counters.CommitTicks += System.Diagnostics.Stopwatch.GetTimestamp() - started;
        Record("COMMIT");
    }

    public async Task RunAsync(int instances, CancellationToken cancellationToken)
    {
        var ids = new string[instances];
        var bookmarks = new string[instances][];
        for (var i = 0; i < instances; i++)
        {
            ids[i] = NewId();
            bookmarks[i] = [NewId(), NewId(), NewId()];
            await StartAsync(ids[i], bookmarks[i], cancellationToken);
        }
        for (var task = 1; task <= ApprovalFlow.Tasks.Length; task++)
        {
            for (var i = 0; i < instances; i++)
            {
                await ResumeAsync(ids[i], bookmarks[i], task, cancellationToken);
            }
        }
    }

    /// <summary>Burst 0: inserts the instance (version 1), its first bookmark and the start's journal rows.</summary>
    public abstract Task StartAsync(string instanceId, string[] bookmarkIds, CancellationToken cancellationToken);

    /// <summary>
    /// Burst <paramref name="task"/> (1..3): reads the instance row, then in one transaction deletes the completed
    /// task's bookmark, inserts the journal rows, updates the instance where its version is the one read, and inserts
    /// the next task's bookmark (none after the last).
    /// </summary>
    public abstract Task ResumeAsync(string instanceId, string[] bookmarkIds, int task, CancellationToken cancellationToken);

    protected static string NewId() => Guid.NewGuid().ToString("N");

    protected static void ExpectOneRow(int affected, string what, string instanceId)
    {
        if (affected != 1)
        {
            throw new InvalidOperationException($"baseline: {what} of instance {instanceId} affected {affected} rows, expected 1");
        }
    }
}
