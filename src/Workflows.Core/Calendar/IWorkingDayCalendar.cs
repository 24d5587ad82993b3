namespace Workflows.Core.Calendar;

/// <summary>Which days are working days (工作日), and for which years that is known rather than assumed.</summary>
public interface IWorkingDayCalendar
{
    bool IsWorkingDay(DateOnly date);

    /// <summary>False for a year with no statutory data: its dates are Monday–Friday guesses (provisional).</summary>
    bool HasDataFor(int year);
}

/// <summary>A date counted in working days; provisional when the count crossed a year with no calendar data.</summary>
public readonly record struct WorkingDate(DateOnly Date, bool Provisional);

public static class WorkingDayCalendarExtensions
{
    /// <summary>The date <paramref name="days"/> working days after <paramref name="from"/>; the start day itself is not counted.</summary>
    public static WorkingDate AddWorkingDays(this IWorkingDayCalendar calendar, DateOnly from, int days)
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
        return new WorkingDate(date, IsProvisional(calendar, from, date));
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

    private static bool IsProvisional(IWorkingDayCalendar calendar, DateOnly from, DateOnly to)
    {
        for (var year = from.Year; year <= to.Year; year++)
        {
            if (!calendar.HasDataFor(year))
            {
                return true;
            }
        }
        return false;
    }
}
