namespace Workflows.Core.Calendar;

/// <summary>Counts working days (工作日). The start day itself is never counted.</summary>
public interface IWorkingDayCalendar
{
    bool IsWorkingDay(DateOnly date);
}

public static class WorkingDayCalendarExtensions
{
    public static DateOnly AddWorkingDays(this IWorkingDayCalendar calendar, DateOnly from, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        var date = from;
        while (days > 0)
        {
            date = date.AddDays(1);
            if (calendar.IsWorkingDay(date))
            {
                days--;
            }
        }
        return date;
    }

    /// <summary>Working days after <paramref name="from"/> up to and including <paramref name="to"/>; negative when <paramref name="to"/> is earlier.</summary>
    public static int WorkingDaysBetween(this IWorkingDayCalendar calendar, DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            return -calendar.WorkingDaysBetween(to, from);
        }
        var count = 0;
        for (var date = from.AddDays(1); date <= to; date = date.AddDays(1))
        {
            if (calendar.IsWorkingDay(date))
            {
                count++;
            }
        }
        return count;
    }
}

/// <summary>Monday to Friday: the fallback where no statutory calendar data is loaded.</summary>
public sealed class WeekdayCalendar : IWorkingDayCalendar
{
    public bool IsWorkingDay(DateOnly date) => date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
}
