using System.Collections.Frozen;

namespace Workflows.Core.Calendar;

/// <summary>
/// Working days on the Chinese statutory calendar: Monday–Friday that is not a holiday, plus make-up working days.
/// A year with no data falls back to Monday–Friday and is reported as provisional. The loaded years can be
/// replaced at run time (an administrator adds next year's notice) without restarting.
/// </summary>
public sealed class StatutoryCalendar : IWorkingDayCalendar
{
    private volatile Snapshot _snapshot = new([]);

    public StatutoryCalendar(IEnumerable<CalendarYear>? years = null) => Load(years ?? []);

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

    public bool HasDataFor(int year) => _snapshot.Years.Contains(year);

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
