using System.Collections.Concurrent;
using System.Collections.Frozen;
using Microsoft.Extensions.Logging;

namespace Workflows.Core.Calendar;

/// <summary>
/// Working days on the Chinese statutory calendar: Monday–Friday that is not a holiday, plus make-up working days.
/// A year with no data falls back to Monday–Friday and is reported as provisional. The loaded years can be
/// replaced at run time (an administrator adds next year's notice) without restarting.
/// </summary>
public sealed class StatutoryCalendar : IWorkingDayCalendar
{
    private readonly ILogger<StatutoryCalendar>? _logger;
    private readonly ConcurrentDictionary<int, bool> _warned = new();
    private volatile Snapshot _snapshot = new([]);

    public StatutoryCalendar(IEnumerable<CalendarYear>? years = null, ILogger<StatutoryCalendar>? logger = null)
    {
        _logger = logger;
        Load(years ?? []);
    }

    public IReadOnlyCollection<int> Years => _snapshot.Years;

    /// <summary>Replaces the loaded years; each must be free of problems.</summary>
    /// <exception cref="ArgumentException">A year's data has problems; nothing is replaced.</exception>
    public void Load(IEnumerable<CalendarYear> years)
    {
        var list = years.ToList();
        var problems = list.SelectMany(y => y.FindProblems().Select(p => $"{y.Year}: {p}")).ToList();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(years));
        }
        _snapshot = new Snapshot(list);
        _warned.Clear();
    }

    public bool IsWorkingDay(DateOnly date)
    {
        var snapshot = _snapshot;
        if (snapshot.MakeUpWorkdays.Contains(date))
        {
            return true;
        }
        return date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !snapshot.Holidays.Contains(date);
    }

    public bool HasDataFor(int year)
    {
        if (_snapshot.Years.Contains(year))
        {
            return true;
        }
        if (_warned.TryAdd(year, true))
        {
            _logger?.LogWarning("No statutory calendar for {Year}: its dates are counted Monday–Friday and marked provisional until an administrator adds the year", year);
        }
        return false;
    }

    private sealed class Snapshot
    {
        public Snapshot(IReadOnlyList<CalendarYear> years)
        {
            Years = years.Select(y => y.Year).ToFrozenSet();
            Holidays = years.SelectMany(y => y.Holidays).Select(d => d.Date).ToFrozenSet();
            MakeUpWorkdays = years.SelectMany(y => y.MakeUpWorkdays).Select(d => d.Date).ToFrozenSet();
        }

        public FrozenSet<int> Years { get; }
        public FrozenSet<DateOnly> Holidays { get; }
        public FrozenSet<DateOnly> MakeUpWorkdays { get; }
    }
}
