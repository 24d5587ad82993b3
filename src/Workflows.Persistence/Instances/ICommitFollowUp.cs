using Workflows.Persistence.Timers;

namespace Workflows.Persistence.Instances;

/// <summary>
/// What must start once a burst of <c>instanceId</c> has committed: a job for each new timer, delivery of each new
/// message, a word to the pages showing it. Work lost
/// here (a crash just after the commit) is not lost for good: the rows are in the database and a sweep finds them.
/// </summary>
public interface ICommitFollowUp
{
    /// <param name="reached">Whom the burst's tasks reached before or after it, as <see cref="Tasks.WorkReach"/> names them.</param>
    void Committed(string instanceId, IReadOnlyList<TimerRecord> timers, IReadOnlyList<OutboxMessage> messages, IReadOnlySet<string> reached);
}
