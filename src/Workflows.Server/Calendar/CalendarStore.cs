using Microsoft.EntityFrameworkCore;
using Workflows.Core.Calendar;
using Workflows.Core.Runtime;
using Workflows.Persistence;
using Workflows.Persistence.Calendar;
using Workflows.Persistence.Tasks;
using TaskStatus = Workflows.Persistence.Tasks.TaskStatus;

namespace Workflows.Server.Calendar;

/// <summary>
/// The statutory calendar kept in the database, loaded into the engine's <see cref="StatutoryCalendar"/>. The shipped
/// years are imported once; an administrator's edits win from then on.
/// </summary>
public sealed class CalendarStore(WorkflowsDbContext db, StatutoryCalendar calendar, WorkflowEngine engine, TimeProvider time, ILogger<CalendarStore> logger)
{
    public async Task ImportMissingAsync(IEnumerable<CalendarYear> shipped, CancellationToken cancellationToken)
    {
        var known = await db.CalendarYears.Select(c => c.Year).ToListAsync(cancellationToken);
        foreach (var year in shipped.Where(y => !known.Contains(y.Year)))
        {
            db.CalendarYears.Add(new CalendarYearRecord { Year = year.Year, Json = year.ToJson(), UpdatedAt = time.GetUtcNow(), UpdatedBy = "shipped" });
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<CalendarYear>> LoadAsync(CancellationToken cancellationToken)
    {
        var rows = await db.CalendarYears.AsNoTracking().OrderBy(c => c.Year).ToListAsync(cancellationToken);
        var years = rows.Select(r => CalendarYear.Parse(r.Json)).ToList();
        calendar.Load(years);
        return years;
    }

    public async Task<CalendarYear?> FindAsync(int year, CancellationToken cancellationToken) =>
        await db.CalendarYears.AsNoTracking().FirstOrDefaultAsync(c => c.Year == year, cancellationToken) is { } row ? CalendarYear.Parse(row.Json) : null;

    /// <summary>
    /// Stores a year, reloads the calendar and works out again the provisional due dates of open tasks, which the
    /// new data may move. Returns how many instances had their deadlines recomputed.
    /// </summary>
    public async Task<int> SaveAsync(CalendarYear year, string actor, CancellationToken cancellationToken)
    {
        var row = await db.CalendarYears.FirstOrDefaultAsync(c => c.Year == year.Year, cancellationToken);
        if (row is null)
        {
            db.CalendarYears.Add(row = new CalendarYearRecord { Year = year.Year });
        }
        (row.Json, row.UpdatedAt, row.UpdatedBy) = (year.ToJson(), time.GetUtcNow(), actor);
        await db.SaveChangesAsync(cancellationToken);
        await LoadAsync(cancellationToken);

        var instances = await db.Tasks.Where(t => t.Status == TaskStatus.Open && t.DueProvisional)
            .Select(t => t.InstanceId).Distinct().ToListAsync(cancellationToken);
        foreach (var instanceId in instances)
        {
            await engine.RecomputeDeadlinesAsync(instanceId, cancellationToken);
        }
        logger.LogInformation("Calendar {Year} saved by {Actor}; provisional deadlines recomputed in {Count} instances", year.Year, actor, instances.Count);
        return instances.Count;
    }
}
