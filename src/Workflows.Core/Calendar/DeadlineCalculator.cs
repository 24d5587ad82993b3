using System.Globalization;
using System.Xml;
using Workflows.Core.Runtime;

namespace Workflows.Core.Calendar;

/// <summary>Turns "N working days", an ISO-8601 duration or an absolute date into an instant, in the office's time zone.</summary>
public sealed class DeadlineCalculator(IWorkingDayCalendar calendar, WorkflowEngineOptions options)
{
    private readonly TimeZoneInfo _zone = options.ResolveTimeZone();

    /// <summary>The same local time of day, <paramref name="days"/> working days after <paramref name="from"/>'s local date.</summary>
    public (DateTimeOffset At, bool Provisional) AddWorkingDays(DateTimeOffset from, int days)
    {
        var local = TimeZoneInfo.ConvertTime(from, _zone);
        var (date, provisional) = calendar.AddWorkingDays(DateOnly.FromDateTime(local.DateTime), days);
        var target = date.ToDateTime(TimeOnly.FromDateTime(local.DateTime));
        return (new DateTimeOffset(target, _zone.GetUtcOffset(target)), provisional);
    }

    /// <summary>The end (23:59:59 local) of the day <paramref name="days"/> working days after <paramref name="from"/>'s local date.</summary>
    public (DateTimeOffset At, bool Provisional) EndOfWorkingDay(DateTimeOffset from, int days)
    {
        var (date, provisional) = calendar.AddWorkingDays(LocalDate(from), days);
        return (EndOfDay(date), provisional);
    }

    /// <summary>The start of the working day <paramref name="days"/> working days before <paramref name="instant"/>'s local date (0: that day).</summary>
    public DateTimeOffset StartOfWorkingDayBefore(DateTimeOffset instant, int days)
    {
        var date = LocalDate(instant);
        while (days > 0)
        {
            date = date.AddDays(-1);
            if (calendar.IsWorkingDay(date))
            {
                days--;
            }
        }
        return StartOfDay(date);
    }

    public DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, _zone).DateTime);

    public DateTimeOffset StartOfDay(DateOnly date) => At(date.ToDateTime(TimeOnly.MinValue));

    public DateTimeOffset EndOfDay(DateOnly date) => At(date.ToDateTime(new TimeOnly(23, 59, 59)));

    private DateTimeOffset At(DateTime local) => new(local, _zone.GetUtcOffset(local));

    /// <exception cref="FormatException">Not an ISO-8601 duration such as P3D or PT2H30M.</exception>
    public static TimeSpan ParseDuration(string duration)
    {
        try
        {
            return XmlConvert.ToTimeSpan(duration);
        }
        catch (FormatException)
        {
            throw new FormatException($"'{duration}' is not an ISO-8601 duration (e.g. P3D, PT4H)");
        }
    }

    /// <summary>An absolute date-time, or a bare date meaning 00:00 local time that day.</summary>
    public DateTimeOffset ParseInstant(string text)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            var midnight = date.ToDateTime(TimeOnly.MinValue);
            return new DateTimeOffset(midnight, _zone.GetUtcOffset(midnight));
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
        {
            return instant;
        }
        throw new FormatException($"'{text}' is not a date (YYYY-MM-DD) or an ISO-8601 date-time");
    }
}
