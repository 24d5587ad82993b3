namespace Workflows.Persistence.Timers;

/// <summary>
/// A pending timer: the source of truth for "something must happen to this bookmark at that time". Written in the
/// burst's transaction from <see cref="Core.Tasks.TaskTimers.Plan"/>; deleted in the transaction of the burst that
/// fired it, closed its bookmark or made it unnecessary.
/// </summary>
public sealed class TimerRecord
{
    /// <summary>The planned timer's id: bookmark id and what it does, so a second plan of the same timer is the same row.</summary>
    public string Id { get; set; } = "";
    public string InstanceId { get; set; } = "";
    public string BookmarkId { get; set; } = "";
    /// <summary>One of <see cref="Core.Tasks.TaskTimers"/>' actions.</summary>
    public string Action { get; set; } = "";
    public DateTimeOffset DueAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
