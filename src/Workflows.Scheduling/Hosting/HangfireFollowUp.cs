using Workflows.Core.Runtime;
using Workflows.Persistence.Instances;
using Workflows.Persistence.Timers;
using Workflows.Scheduling.Timers;

namespace Workflows.Scheduling.Hosting;

/// <summary>
/// After a burst commits: the due seconds of its new or moved timers and its new e-mails go to the
/// <see cref="FollowUpDispatcher"/>, which schedules their jobs off the request's thread.
/// </summary>
internal sealed class HangfireFollowUp(FollowUpQueue queue) : ICommitFollowUp
{
    public void Committed(string instanceId, IReadOnlyList<TimerRecord> timers, IReadOnlyList<OutboxMessage> messages, IReadOnlySet<string> reached)
    {
        var ticks = timers.Select(t => TimerTickPlan.TickFor(t.DueAt)).Distinct().ToList();
        var emails = messages.Where(m => m.Kind == SideEffectKinds.Email).Select(m => m.Id).ToList();
        if (ticks.Count > 0 || emails.Count > 0)
        {
            queue.Add(new FollowUp(ticks, emails));
        }
    }
}
