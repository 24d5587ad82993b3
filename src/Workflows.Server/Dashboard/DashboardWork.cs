namespace Workflows.Server.Dashboard;

/// <summary>
/// What one viewer's dashboard counts, as read from the database and kept by matter, so that a change to a few
/// matters is taken in by reading those matters again (<see cref="Replace"/>) rather than the whole office's work.
/// </summary>
public sealed class DashboardWork(DateTimeOffset readAt)
{
    /// <summary>When every matter was last read: what no step announces is at most this old.</summary>
    public DateTimeOffset ReadAt { get; } = readAt;

    public Dictionary<string, MatterWork> Matters { get; } = new(StringComparer.Ordinal);

    /// <summary>The running totals of what is kept, once the figures have been summed up.</summary>
    private DashboardTally? _tally;

    public MatterWork Of(string instanceId)
    {
        if (!Matters.TryGetValue(instanceId, out var matter))
        {
            matter = new MatterWork();
            Matters.Add(instanceId, matter);
        }
        return matter;
    }

    /// <summary>When the figures next change with no step taken: a kept task turning due soon or overdue, or leaving the window.</summary>
    public DateTimeOffset? NextTurn => _tally?.NextTurn;

    /// <summary>Takes what <paramref name="read"/> found of <paramref name="matters"/> in place of what was kept of them.</summary>
    public void Replace(IReadOnlyCollection<string> matters, DashboardWork read)
    {
        foreach (var id in matters)
        {
            if (Matters.Remove(id, out var was))
            {
                _tally?.Remove(was);
            }
        }
        foreach (var (id, matter) in read.Matters)
        {
            if (Matters.Remove(id, out var was))
            {
                _tally?.Remove(was);
            }
            Matters.Add(id, matter);
            _tally?.Add(matter);
        }
    }

    /// <summary>The running totals as of <paramref name="now"/>: counted afresh the first time, and when the clock was set back.</summary>
    public DashboardTally TallyAt(DateTimeOffset now)
    {
        if (_tally is null || !_tally.AdvanceTo(now))
        {
            _tally = new DashboardTally(now);
            foreach (var matter in Matters.Values)
            {
                _tally.Add(matter);
            }
        }
        return _tally;
    }
}

/// <summary>
/// A matter's share of a dashboard: its open tasks, its tasks completed lately, and the office's days it started and
/// ended on, if lately. What the organisation and the calendar say of them is worked out when they are read, so a change
/// to either shows at the next full read (<see cref="DashboardOptions.MaxAge"/>).
/// </summary>
public sealed class MatterWork
{
    public List<DashboardOpenTask> Open { get; } = [];
    public List<DashboardClosedTask> Closed { get; } = [];
    public DateOnly? StartedOn { get; set; }
    public DateOnly? FinishedOn { get; set; }
}

/// <param name="People">Its active signers.</param>
/// <param name="Department">Its signers' department, else the one it is offered to; null when neither is known.</param>
public sealed record DashboardOpenTask(
    string Id, string InstanceId, string DefinitionId, string Title, DateTimeOffset? DueAt, DateTimeOffset? RemindAt,
    IReadOnlyList<string> People, string? Department);

/// <param name="WorkingDays">Working days from the office's day it was created to the day it closed.</param>
public sealed record DashboardClosedTask(string DefinitionId, string Title, DateTimeOffset ClosedAt, int WorkingDays);
