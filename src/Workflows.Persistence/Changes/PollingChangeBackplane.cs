using Microsoft.EntityFrameworkCore;

namespace Workflows.Persistence.Changes;

/// <summary>
/// For databases without notifications (SQL Server, SQLite): each change is a row in <c>InstanceChangeFeed</c>, and
/// every node reads the rows of the others every <see cref="ChangeOptions.PollInterval"/>. Rows older than a minute
/// are deleted by whichever node polls.
/// </summary>
public sealed class PollingChangeBackplane(IDbContextFactory<WorkflowsDbContext> contexts, TimeProvider time, TimeSpan interval) : IChangeBackplane
{
    private static readonly TimeSpan Keep = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Ids are handed out before commit, so a row may appear below one already read: each poll looks this far back
    /// and skips what it has seen.
    /// </summary>
    private const int LookBack = 200;

    public async Task AnnounceAsync(string node, IReadOnlyCollection<MatterChange> changes, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        db.ChangeFeed.AddRange(changes.Select(change => new ChangeRecord { InstanceId = change.InstanceId, Reached = change.ReachedText, Node = node, At = now }));
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task ListenAsync(string node, Action<MatterChange> heard, CancellationToken cancellationToken)
    {
        long last;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            last = await db.ChangeFeed.MaxAsync(c => (long?)c.Id, cancellationToken) ?? 0;
        }
        var seen = new HashSet<long>();
        var nextPrune = time.GetUtcNow();
        try
        {
            while (true)
            {
                await Task.Delay(interval, time, cancellationToken);
                await using var db = await contexts.CreateDbContextAsync(cancellationToken);
                var floor = last - LookBack;
                var rows = await db.ChangeFeed.AsNoTracking()
                    .Where(c => c.Id > floor && c.Node != node)
                    .OrderBy(c => c.Id)
                    .Select(c => new { c.Id, c.InstanceId, c.Reached })
                    .ToListAsync(cancellationToken);
                foreach (var row in rows.Where(r => !seen.Contains(r.Id)))
                {
                    heard(new MatterChange(row.InstanceId, MatterChange.ReachedFrom(row.Reached)));
                }
                if (rows.Count > 0)
                {
                    last = Math.Max(last, rows[^1].Id);
                }
                seen = [.. rows.Select(r => r.Id)];
                if (time.GetUtcNow() >= nextPrune)
                {
                    var before = time.GetUtcNow() - Keep;
                    await db.ChangeFeed.Where(c => c.At < before).ExecuteDeleteAsync(cancellationToken);
                    nextPrune = time.GetUtcNow() + Keep;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The node is stopping.
        }
    }
}
