using Workflows.Core.Calendar;

namespace Workflows.Designer.Work.Admin;

public enum DayKind
{
    Working,
    Rest,
    Holiday,
    MakeUpWorkday,
}

/// <summary>
/// A year of the statutory calendar being edited. A click moves a weekday between working and holiday, and a
/// weekend day from rest to make-up working day (调休上班) to holiday (a festival on a weekend) and back to rest.
/// </summary>
public sealed class CalendarDraft
{
    private readonly Dictionary<DateOnly, string> _holidays;
    private readonly Dictionary<DateOnly, string> _makeUps;

    /// <param name="saved">The year's data; null when it has none yet (its dates are provisional).</param>
    public CalendarDraft(int year, CalendarYear? saved)
    {
        Year = year;
        Source = saved?.Source;
        Provisional = saved is null;
        _holidays = saved?.Holidays.ToDictionary(d => d.Date, d => d.Name) ?? [];
        _makeUps = saved?.MakeUpWorkdays.ToDictionary(d => d.Date, d => d.Name) ?? [];
    }

    public int Year { get; }

    public string? Source { get; }

    /// <summary>No data is saved for the year: Monday to Friday are counted as working days until there is.</summary>
    public bool Provisional { get; }

    public bool Changed { get; private set; }

    public int HolidayCount => _holidays.Count;

    public int MakeUpCount => _makeUps.Count;

    public static bool IsWeekend(DateOnly date) => date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;

    public DayKind KindOf(DateOnly date) =>
        _holidays.ContainsKey(date) ? DayKind.Holiday
        : _makeUps.ContainsKey(date) ? DayKind.MakeUpWorkday
        : IsWeekend(date) ? DayKind.Rest
        : DayKind.Working;

    /// <summary>The holiday's or make-up day's name (春节, 国庆节调休, …); null for an ordinary day.</summary>
    public string? NameOf(DateOnly date) => _holidays.GetValueOrDefault(date) ?? _makeUps.GetValueOrDefault(date);

    /// <param name="holidayName">The name a day gets when it becomes a holiday.</param>
    /// <param name="makeUpName">The name a day gets when it becomes a make-up working day.</param>
    public void Toggle(DateOnly date, string holidayName, string makeUpName)
    {
        switch (KindOf(date))
        {
            case DayKind.Working:
                _holidays[date] = holidayName;
                break;
            case DayKind.Rest:
                _makeUps[date] = makeUpName;
                break;
            case DayKind.MakeUpWorkday:
                _makeUps.Remove(date);
                _holidays[date] = holidayName;
                break;
            case DayKind.Holiday:
                _holidays.Remove(date);
                break;
        }
        Changed = true;
    }

    public CalendarYear ToYear() => new()
    {
        Year = Year,
        Source = Source,
        Holidays = [.. _holidays.OrderBy(d => d.Key).Select(d => new CalendarDay(d.Key, d.Value))],
        MakeUpWorkdays = [.. _makeUps.OrderBy(d => d.Key).Select(d => new CalendarDay(d.Key, d.Value))],
    };
}
