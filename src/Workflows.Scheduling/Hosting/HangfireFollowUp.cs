using Hangfire;
using Microsoft.Extensions.Logging;
using Workflows.Core.Runtime;
using Workflows.Persistence.Instances;
using Workflows.Persistence.Timers;
using Workflows.Scheduling.Email;
using Workflows.Scheduling.Timers;

namespace Workflows.Scheduling.Hosting;

/// <summary>After a burst commits: a Hangfire job at each new timer's due time, and a send job for each new e-mail.</summary>
internal sealed class HangfireFollowUp(IBackgroundJobClient jobs, ILogger<HangfireFollowUp> logger) : ICommitFollowUp
{
    public void Committed(IReadOnlyList<TimerRecord> timers, IReadOnlyList<OutboxMessage> messages)
    {
        try
        {
            foreach (var timer in timers)
            {
                var id = timer.Id;
                jobs.Schedule<TimerJobs>(j => j.FireAsync(id, CancellationToken.None), timer.DueAt);
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
