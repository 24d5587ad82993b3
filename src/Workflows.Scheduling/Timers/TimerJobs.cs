using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Workflows.Core.Runtime;
using Workflows.Core.Tasks;
using Workflows.Persistence;

namespace Workflows.Scheduling.Timers;

/// <summary>
/// Fires one timer for <see cref="TimerTickJob"/>: asks the engine to do what the timer planned, in a burst whose commit deletes the timer's row.
/// Idempotent: a row that is gone (fired already, its bookmark closed) is a no-op, and a race with another firing
/// or a person's action is retried against the fresh state, where the row has usually gone.
/// </summary>
public sealed class TimerJobs(
    IDbContextFactory<WorkflowsDbContext> contexts, WorkflowEngine engine, TimeProvider time,
    WorkflowMetrics metrics, ILogger<TimerJobs> logger)
{
    private const int Attempts = 5;

    /// <summary>The ways a timer finds its work already gone: nothing left to fire.</summary>
    private static readonly HashSet<string> Stale = [ErrorCodes.InstanceNotFound, ErrorCodes.BookmarkNotFound, ErrorCodes.InstanceNotRunning];

    public async Task FireAsync(string timerId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var timer = await db.Timers.AsNoTracking().FirstOrDefaultAsync(t => t.Id == timerId, cancellationToken);
            if (timer is null)
            {
                return;
            }
            var now = time.GetUtcNow();
            if (timer.DueAt > now)
            {
                // The due date moved later since the row was read; the commit that moved it planned its tick.
                return;
            }
            try
            {
                await engine.ResumeAsync(timer.InstanceId, timer.BookmarkId, TaskTimers.Request(timer.Id, timer.Action), cancellationToken);
                metrics.TimerLateness.Record((now - timer.DueAt).TotalSeconds);
                return;
            }
            catch (WorkflowCommandException ex) when (Stale.Contains(ex.Code))
            {
                logger.LogInformation("Timer {TimerId} found nothing to fire: {Message}", timerId, ex.Message);
                await db.Timers.Where(t => t.Id == timerId).ExecuteDeleteAsync(cancellationToken);
                return;
            }
            catch (WorkflowConcurrencyException) when (attempt < Attempts)
            {
                // Someone else committed to the instance meanwhile; look again.
            }
        }
    }
}
