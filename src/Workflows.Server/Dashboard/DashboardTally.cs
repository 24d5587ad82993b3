using Workflows.Server.Tasks;

namespace Workflows.Server.Dashboard;

/// <summary>
/// A dashboard's running totals: kept up to date as matters are taken in and let go and as the clock passes deadlines,
/// so that summing up the figures after a step costs what the step changed, not the tens of thousands of tasks a year of
/// an office's work keeps open or lately completed. Each open task is counted under its urgency as of <see cref="At"/>;
/// the instants a task turns due soon or overdue, or a completed one leaves the window, wait in a queue and are taken in
/// when the clock reaches them (<see cref="AdvanceTo"/>).
/// </summary>
public sealed class DashboardTally(DateTimeOffset at)
{
    private readonly Dictionary<string, Workload> _byProcedure = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Workload> _byDepartment = new(StringComparer.Ordinal);
    private readonly SortedSet<DashboardOpenTask> _overdue = new(DueFirst);
    private readonly Dictionary<(string DefinitionId, string Title), int> _lateSteps = [];
    private readonly Dictionary<(string DefinitionId, string Title), DayCounts> _stepDays = [];
    private readonly Dictionary<DateOnly, int> _startedOn = [];
    private readonly Dictionary<DateOnly, int> _finishedOn = [];

    // By reference: two completed tasks of a step can be equal records, and each counts.
    private readonly Dictionary<DashboardOpenTask, string> _urgencies = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<DashboardClosedTask> _completed = new(ReferenceEqualityComparer.Instance);

    // A task let go leaves its instants queued; they are passed over when they come up.
    private readonly PriorityQueue<object, DateTimeOffset> _turns = new();

    /// <summary>The instant the totals are counted as of.</summary>
    public DateTimeOffset At { get; private set; } = at;

    /// <summary>When a kept task next turns due soon or overdue, or a completed one leaves the window; null when none will.</summary>
    public DateTimeOffset? NextTurn => _turns.TryPeek(out _, out var when) ? when : null;

    public IReadOnlyDictionary<string, Workload> ByProcedure => _byProcedure;
    public IReadOnlyDictionary<string, Workload> ByDepartment => _byDepartment;

    /// <summary>Every overdue task, the earliest due first.</summary>
    public IReadOnlyCollection<DashboardOpenTask> Overdue => _overdue;

    public IReadOnlyDictionary<(string DefinitionId, string Title), int> LateSteps => _lateSteps;
    public IReadOnlyDictionary<(string DefinitionId, string Title), DayCounts> StepDays => _stepDays;

    /// <summary>
    /// Earliest due first, the most working days late. Many fall due at the same end of day: the task's id decides among
    /// them, not the order they happened to be read in.
    /// </summary>
    public static readonly Comparer<DashboardOpenTask> DueFirst = Comparer<DashboardOpenTask>.Create((x, y) =>
        Nullable.Compare(x.DueAt, y.DueAt) is var byDue and not 0 ? byDue : string.CompareOrdinal(x.Id, y.Id));

    /// <summary>Matters started (or, with <paramref name="finished"/>, ended) on <paramref name="day"/>.</summary>
    public int MattersOn(DateOnly day, bool finished) => (finished ? _finishedOn : _startedOn).GetValueOrDefault(day);

    public void Add(MatterWork matter)
    {
        foreach (var task in matter.Open)
        {
            var urgency = Urgencies.Of(task.DueAt, task.RemindAt, At);
            _urgencies.Add(task, urgency);
            Count(task, urgency, 1);
            if (task.RemindAt > At)
            {
                _turns.Enqueue(task, task.RemindAt.Value);
            }
            // Overdue once the clock is past the due instant, not at it.
            if (task.DueAt >= At)
            {
                _turns.Enqueue(task, task.DueAt.Value.AddTicks(1));
            }
        }
        foreach (var task in matter.Closed.Where(Recent))
        {
            _completed.Add(task);
            Count(task, 1);
            _turns.Enqueue(task, task.ClosedAt.AddDays(DashboardFigures.Days).AddTicks(1));
        }
        CountDay(_startedOn, matter.StartedOn, 1);
        CountDay(_finishedOn, matter.FinishedOn, 1);
    }

    public void Remove(MatterWork matter)
    {
        foreach (var task in matter.Open)
        {
            if (_urgencies.Remove(task, out var urgency))
            {
                Count(task, urgency, -1);
            }
        }
        foreach (var task in matter.Closed)
        {
            if (_completed.Remove(task))
            {
                Count(task, -1);
            }
        }
        CountDay(_startedOn, matter.StartedOn, -1);
        CountDay(_finishedOn, matter.FinishedOn, -1);
    }

    /// <summary>Counts the totals as of <paramref name="now"/>; false when that is before <see cref="At"/> (a clock set back), which a queue cannot undo.</summary>
    public bool AdvanceTo(DateTimeOffset now)
    {
        if (now < At)
        {
            return false;
        }
        At = now;
        while (_turns.TryPeek(out var turning, out var when) && when <= now)
        {
            _turns.Dequeue();
            if (turning is DashboardOpenTask task && _urgencies.TryGetValue(task, out var was)
                && Urgencies.Of(task.DueAt, task.RemindAt, now) is var urgency && urgency != was)
            {
                Count(task, was, -1);
                Count(task, urgency, 1);
                _urgencies[task] = urgency;
            }
            else if (turning is DashboardClosedTask completed && !Recent(completed) && _completed.Remove(completed))
            {
                Count(completed, -1);
            }
        }
        return true;
    }

    private bool Recent(DashboardClosedTask task) => task.ClosedAt >= At.AddDays(-DashboardFigures.Days);

    private void Count(DashboardOpenTask task, string urgency, int by)
    {
        Workload.Count(_byProcedure, task.DefinitionId, urgency, by);
        Workload.Count(_byDepartment, task.Department ?? "", urgency, by);
        if (urgency != Urgencies.Overdue)
        {
            return;
        }
        if (by > 0)
        {
            _overdue.Add(task);
        }
        else
        {
            _overdue.Remove(task);
        }
        Count(_lateSteps, (task.DefinitionId, task.Title), by);
    }

    private void Count(DashboardClosedTask task, int by)
    {
        var step = (task.DefinitionId, task.Title);
        if (!_stepDays.TryGetValue(step, out var days))
        {
            _stepDays[step] = days = new DayCounts();
        }
        days.Count(task.WorkingDays, by);
        if (days.Tasks == 0)
        {
            _stepDays.Remove(step);
        }
    }

    private static void CountDay(Dictionary<DateOnly, int> matters, DateOnly? day, int by)
    {
        if (day is { } on)
        {
            Count(matters, on, by);
        }
    }

    /// <summary>Counts <paramref name="by"/> more (or fewer) under <paramref name="key"/>; a key left with none goes.</summary>
    private static void Count<TKey>(Dictionary<TKey, int> counts, TKey key, int by)
        where TKey : notnull
    {
        if (counts.GetValueOrDefault(key) + by is var count and > 0)
        {
            counts[key] = count;
        }
        else
        {
            counts.Remove(key);
        }
    }
}

/// <summary>A row's open tasks, those due soon and those overdue.</summary>
public sealed class Workload
{
    public int Open { get; private set; }
    public int DueSoon { get; private set; }
    public int Overdue { get; private set; }

    /// <summary>Counts a task of <paramref name="urgency"/> in (<paramref name="by"/> 1) or out (-1) of its row; a row left with no task goes.</summary>
    public static void Count(Dictionary<string, Workload> rows, string key, string urgency, int by)
    {
        if (!rows.TryGetValue(key, out var row))
        {
            rows[key] = row = new Workload();
        }
        row.Open += by;
        row.DueSoon += urgency == Urgencies.Warning ? by : 0;
        row.Overdue += urgency == Urgencies.Overdue ? by : 0;
        if (row.Open == 0)
        {
            rows.Remove(key);
        }
    }
}

/// <summary>How many of a step's tasks took each number of working days: a month's thousands of them counted, not listed and sorted.</summary>
public sealed class DayCounts
{
    private readonly List<int> _tasksTaking = [];
    private long _days;

    public int Tasks { get; private set; }

    public double Average => (double)_days / Tasks;

    /// <summary>Counts a task that took <paramref name="workingDays"/> in (<paramref name="by"/> 1) or out (-1).</summary>
    public void Count(int workingDays, int by)
    {
        // A task cannot close before it was created; a clock set back must not break the dashboard.
        workingDays = Math.Max(workingDays, 0);
        while (_tasksTaking.Count <= workingDays)
        {
            _tasksTaking.Add(0);
        }
        _tasksTaking[workingDays] += by;
        (_days, Tasks) = (_days + (long)workingDays * by, Tasks + by);
    }

    /// <summary>Nearest rank: the fewest days with at least <paramref name="p"/> of the tasks taking as many or fewer.</summary>
    public double Percentile(double p)
    {
        var rank = Math.Clamp((int)Math.Ceiling(p * Tasks), 1, Tasks);
        var (days, seen) = (0, _tasksTaking[0]);
        while (seen < rank)
        {
            seen += _tasksTaking[++days];
        }
        return days;
    }
}
