using Workflows.Core.Calendar;

namespace Workflows.Designer.Services;

/// <summary>The statutory working-day calendar per year (GET|PUT /api/calendar/years/{year}).</summary>
public interface ICalendarClient
{
    /// <summary>The year's holidays and make-up working days; null when the year has no data (its dates are provisional).</summary>
    Task<CalendarYear?> GetYearAsync(int year, CancellationToken cancellationToken);

    /// <summary>Replaces the year's data; provisional due dates are recomputed.</summary>
    Task<AdminResult> SaveYearAsync(CalendarYear year, CancellationToken cancellationToken);
}
