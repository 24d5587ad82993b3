using Workflows.Core.Calendar;
using Workflows.Designer.Services;
using Workflows.Server.Auth;
using Workflows.Server.Calendar;

namespace Workflows.Server.Ui.Admin;

/// <summary>The calendar page's reads and saves, through the same <see cref="CalendarStore"/> as PUT /api/calendar/years/{year}.</summary>
internal sealed class ServerCalendarClient(AdminCircuit circuit) : ICalendarClient
{
    public Task<CalendarYear?> GetYearAsync(int year, CancellationToken cancellationToken) =>
        circuit.RunAsync((sp, _) => sp.GetRequiredService<CalendarStore>().FindAsync(year, cancellationToken));

    public Task<AdminResult> SaveYearAsync(CalendarYear year, CancellationToken cancellationToken) => circuit.RunAsync(async (sp, user) =>
    {
        if (year.FindProblems() is { Count: > 0 } problems)
        {
            return AdminResult.Invalid(new Dictionary<string, string[]> { ["year"] = [.. problems] });
        }
        await sp.GetRequiredService<CalendarStore>().SaveAsync(year, user.UserName(), cancellationToken);
        await sp.GetRequiredService<Audit.IAuditTrail>().RecordAsync(Audit.AuditActions.CalendarUpdate, year.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), new { via = "ui" }, cancellationToken);
        return AdminResult.Done;
    });
}
