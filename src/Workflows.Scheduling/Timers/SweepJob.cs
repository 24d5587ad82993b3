using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Workflows.Core.Runtime;
using Workflows.Persistence;
using Workflows.Persistence.Instances;
using Workflows.Scheduling.Email;
using Workflows.Scheduling.Hosting;

namespace Workflows.Scheduling.Timers;

/// <summary>
/// The safety net, run every minute and at start: timers and e-mails that should have gone out a while ago but are
/// still waiting lost their job (a crash between a commit and scheduling it), so they get one now. Firing and
/// sending are idempotent, so a job that was merely slow does no harm.
/// </summary>
public sealed class SweepJob(
    IDbContextFactory<WorkflowsDbContext> contexts, IBackgroundJobClient jobs, TimeProvider time, IOptions<SchedulingOptions> options, ILogger<SweepJob> logger)
{
    public const string RecurringJobId = "workflows-sweep";
    private const int Batch = 500;

    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [AutomaticRetry(Attempts = 0)]
    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - options.Value.SweepAfter;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // One tick fires every due timer, the lost ones with them.
        var timers = await db.Timers.AsNoTracking().CountAsync(t => t.DueAt <= cutoff, cancellationToken);
        if (timers > 0)
        {
            var now = time.GetUtcNow();
            jobs.Enqueue<TimerTickJob>(j => j.FireDueAsync(now, CancellationToken.None));
        }
        var messages = await db.Outbox.AsNoTracking()
            .Where(o => o.Kind == SideEffectKinds.Email && (o.State == OutboxState.Pending || o.State == OutboxState.Sending) && o.NextAttemptAt <= cutoff)
            .OrderBy(o => o.NextAttemptAt).Select(o => o.Id).Take(Batch).ToListAsync(cancellationToken);
        foreach (var batch in messages.Chunk(FollowUpDispatcher.MessagesPerJob))
        {
            jobs.Enqueue<OutboxSender>(s => s.SendEachAsync(batch, CancellationToken.None));
        }
        if (timers + messages.Count > 0)
        {
            logger.LogWarning("Sweep found {Timers} timers and {Messages} e-mails without a job; enqueued them", timers, messages.Count);
        }
    }
}
