using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Workflows.Persistence;
using Workflows.Scheduling.Hosting;

namespace Workflows.Scheduling.Timers;

/// <summary>
/// Fires every timer that is due, a few at a time. One job per due second instead of one per timer: the Hangfire
/// state walk of a job costs more than the firing itself, and made timers due together seconds late under load.
/// </summary>
public sealed class TimerTickJob(
    IDbContextFactory<WorkflowsDbContext> contexts, TimerJobs timers, TimersInFlight inFlight, TimeProvider time,
    IOptions<SchedulingOptions> options, ILogger<TimerTickJob> logger)
{
    private const int Batch = 200;

    [AutomaticRetry(Attempts = 0)]
    public async Task FireDueAsync(DateTimeOffset tick, CancellationToken cancellationToken)
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Value.TimerParallelism, CancellationToken = cancellationToken };
        while (true)
        {
            var now = time.GetUtcNow();
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var due = await db.Timers.AsNoTracking().Where(t => t.DueAt <= now)
                .OrderBy(t => t.DueAt).Select(t => t.Id).Take(Batch).ToListAsync(cancellationToken);
            var fired = 0;
            await Parallel.ForEachAsync(due, parallel, async (id, ct) =>
            {
                // Rows another tick of this node is firing are still there until their burst commits; leave them to it.
                // Claimed one at a time, as a worker takes it, so that two ticks share the due rows instead of the
                // first holding a whole batch while the other finds nothing unclaimed.
                if (!inFlight.TryClaim(id))
                {
                    return;
                }
                Interlocked.Increment(ref fired);
                try
                {
                    await timers.FireAsync(id, ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The row stays, so the next tick or the sweep tries again.
                    logger.LogError(ex, "Timer {TimerId} could not fire (tick {Tick})", id, tick);
                }
                finally
                {
                    inFlight.Release(id);
                }
            });
            if (due.Count < Batch || fired == 0)
            {
                return;
            }
        }
    }
}
