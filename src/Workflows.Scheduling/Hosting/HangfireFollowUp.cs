using Hangfire;
using Microsoft.Extensions.Logging;
using Workflows.Core.Runtime;
using Workflows.Persistence.Instances;
using Workflows.Persistence.Timers;
using Workflows.Scheduling.Email;
using Workflows.Scheduling.Timers;

namespace Workflows.Scheduling.Hosting;

/// <summary>
/// After a burst commits: a tick job at each new or moved timer's due second (unless this node planned one already),
/// and a send job for each new e-mail.
/// </summary>
internal sealed class HangfireFollowUp(IBackgroundJobClient jobs, TimerTickPlan ticks, ILogger<HangfireFollowUp> logger) : ICommitFollowUp
{
    public void Committed(string instanceId, IReadOnlyList<TimerRecord> timers, IReadOnlyList<OutboxMessage> messages)
    {
        try
        {
            foreach (var tick in timers.Select(t => TimerTickPlan.TickFor(t.DueAt)).Distinct().Where(ticks.TryPlan))
            {
                jobs.Schedule<TimerTickJob>(j => j.FireDueAsync(tick, CancellationToken.None), tick);
            }
            foreach (var message in messages.Where(m => m.Kind == SideEffectKinds.Email))
            {
                var id = message.Id;
                jobs.Enqueue<OutboxSender>(s => s.SendAsync(id, CancellationToken.None));
            }
        }
        // The burst is committed whatever happens here; the sweep schedules what this could not.
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Could not schedule jobs for {Timers} timers and {Messages} messages; the sweep will", timers.Count, messages.Count);
        }
    }
}
