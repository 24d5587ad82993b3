using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Workflows.Core.Calendar;
using Workflows.Designer.Services;
using Workflows.Persistence;
using Workflows.Persistence.Definitions;
using Workflows.Persistence.Tasks;
using Workflows.Server.Auth;
using Workflows.Server.Tasks;
using TaskStatus = Workflows.Persistence.Tasks.TaskStatus;

namespace Workflows.Server.Dashboard;

/// <summary>
/// The dashboard's figures for one person, shown on the dashboard page and served at <c>GET /api/dashboard</c>; computed
/// in memory from the open tasks and those closed in the last <see cref="Days"/> days (a district office has thousands of
/// those, not millions). An administrator's are read through the indexes on status and close date; anyone else's from
/// their own participant rows of open and lately completed tasks, and their matters of the last weeks from their own
/// participant, journal and 抄送 index entries, so their dashboard costs what they take part in, not the office's size.
/// The figures are kept per viewer until their work changes (<see cref="DashboardSnapshots"/>).
/// </summary>
public sealed class DashboardFigures(
    IWorkingDayCalendar calendar, DeadlineCalculator deadlines, Organisation.DatabaseOrganisationDirectory organisation, TimeProvider time,
    DashboardSnapshots snapshots, IServiceScopeFactory scopes)
{
    public const int Days = 30;
    public const int Weeks = 8;

    /// <summary>How many of the most overdue tasks are listed unless the caller asks for another number; all are counted.</summary>
    public const int OverdueListed = 100;
    public const int MaxOverdueListed = 1000;

    /// <param name="sp">The request's (or the circuit's operation's) scope: its database context and the user's access rules.</param>
    /// <param name="overdueListed">How many of the most overdue tasks to list (1 to <see cref="MaxOverdueListed"/>).</param>
    public Task<DashboardView> LoadAsync(IServiceProvider sp, ClaimsPrincipal user, CancellationToken cancellationToken, int overdueListed = OverdueListed)
    {
        var reach = ReachOf(sp, user);
        var key = $"{overdueListed}\n{(reach is null ? "*" : string.Join('\n', reach))}";
        return snapshots.GetAsync(key, reach, async () =>
        {
            // Its own scope: the figures outlive the request that asked first, and others wait for them too.
            await using var scope = scopes.CreateAsyncScope();
            return await ComputeAsync(scope.ServiceProvider, user, overdueListed, CancellationToken.None);
        }, cancellationToken);
    }

    private async Task<DashboardView> ComputeAsync(IServiceProvider sp, ClaimsPrincipal user, int overdueListed, CancellationToken cancellationToken)
    {
        var db = sp.GetRequiredService<WorkflowsDbContext>();
        var now = time.GetUtcNow();
        var since = now.AddDays(-Days);
        // Only the columns the figures use: a task's state JSON is most of its row. The participants are read for the
        // open tasks only, chosen in the database, not a list of ids sent back to it.
        var (openTasks, completed) = Seen(sp, user, since);
        var tasks = await openTasks.Select(t => new OpenTask(t.Id, t.InstanceId, t.DefinitionId, t.Title, t.DueAt, t.RemindAt)).ToListAsync(cancellationToken);
        var closed = await completed.Select(t => new ClosedTask(t.DefinitionId, t.Title, t.CreatedAt, t.ClosedAt!.Value)).ToListAsync(cancellationToken);
        var participants = await db.TaskParticipants.AsNoTracking().Where(p => openTasks.Select(t => t.Id).Contains(p.TaskId))
            .Where(p => p.Kind != ParticipantKind.Signer || p.Active)
            .Select(p => new { p.TaskId, p.Kind, p.Value }).ToListAsync(cancellationToken);
        var assignees = participants.Where(p => p.Kind == ParticipantKind.Signer).GroupBy(s => s.TaskId).ToDictionary(g => g.Key, g => g.Select(s => s.Value).ToList());
        var offers = participants.Where(p => p.Kind != ParticipantKind.Signer).GroupBy(p => p.TaskId)
            .ToDictionary(g => g.Key, g => g.Select(p => (p.Kind, p.Value)).ToList());
        var departments = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Code, d => d.Name, cancellationToken);
        // Archived procedures still have open work to show by name.
        var procedures = (await sp.GetRequiredService<EfWorkflowDefinitionStore>().ListAsync(ArchivedFilter.Include, cancellationToken))
            .ToDictionary(d => d.DefinitionId, d => d.Name);
        var today = deadlines.LocalDate(now);

        var open = tasks.Select(t =>
        {
            var people = assignees.GetValueOrDefault(t.Id) ?? [];
            var department = people.Select(organisation.DepartmentOf).FirstOrDefault(d => d is not null)
                ?? OfferedDepartment(offers.GetValueOrDefault(t.Id) ?? []);
            return (Task: t, People: people, Department: department, Urgency: Urgencies.Of(t.DueAt, t.RemindAt, now));
        }).ToList();

        WorkloadRow Row(string key, string name, IEnumerable<string> urgencies)
        {
            var list = urgencies.ToList();
            return new WorkloadRow(key, name, list.Count, list.Count(u => u == Urgencies.Warning), list.Count(u => u == Urgencies.Overdue));
        }

        var byProcedure = open.GroupBy(o => o.Task.DefinitionId)
            .Select(g => Row(g.Key, procedures.GetValueOrDefault(g.Key) ?? g.Key, g.Select(o => o.Urgency)))
            .OrderByDescending(r => r.Overdue).ThenByDescending(r => r.Open).ToList();
        var byDepartment = open.GroupBy(o => o.Department ?? "")
            .Select(g => Row(g.Key, departments.GetValueOrDefault(g.Key) ?? g.Key, g.Select(o => o.Urgency)))
            .OrderByDescending(r => r.Overdue).ThenByDescending(r => r.Open).ToList();
        var late = open.Where(o => o.Urgency == Urgencies.Overdue).ToList();
        var overdueSteps = late.GroupBy(o => (o.Task.DefinitionId, o.Task.Title))
            .Select(g => new OverdueStep(procedures.GetValueOrDefault(g.Key.DefinitionId) ?? g.Key.DefinitionId, g.Key.Title, g.Count()))
            .OrderByDescending(s => s.Count).ThenBy(s => s.Procedure).ThenBy(s => s.Step).ToList();
        // After a year an office can have thousands of late tasks: a page lists the worst, and the earliest due date is
        // the most working days late, so only those are counted out day by day. Many fall due at the same end of day: the
        // task's id decides among them, not the order the database happened to return them in.
        var overdue = late.OrderBy(o => o.Task.DueAt).ThenBy(o => o.Task.Id, StringComparer.Ordinal).Take(overdueListed)
            .Select(o => new OverdueTask(o.Task.Id, o.Task.InstanceId, procedures.GetValueOrDefault(o.Task.DefinitionId) ?? o.Task.DefinitionId, o.Task.Title,
                o.People, o.Department is null ? null : departments.GetValueOrDefault(o.Department) ?? o.Department, o.Task.DueAt!.Value,
                calendar.WorkingDaysBetween(deadlines.LocalDate(o.Task.DueAt!.Value), today)))
            .OrderByDescending(o => o.WorkingDaysOverdue).ToList();
        var stepTimes = closed.GroupBy(t => (t.DefinitionId, t.Title))
            .Select(g =>
            {
                var days = g.Select(t => (double)calendar.WorkingDaysBetween(deadlines.LocalDate(t.CreatedAt), deadlines.LocalDate(t.ClosedAt)))
                    .Order().ToList();
                return new StepTime(procedures.GetValueOrDefault(g.Key.DefinitionId) ?? g.Key.DefinitionId, g.Key.Title, days.Count, days.Average(), Percentile(days, 0.9));
            })
            .OrderBy(s => s.Procedure).ThenByDescending(s => s.AverageWorkingDays).ToList();
        return new DashboardView(byProcedure, byDepartment, overdue, stepTimes, Days, await WeeksAsync(sp, user, today, cancellationToken),
            late.Count, overdueSteps, now);
    }

    /// <summary>
    /// The department a task nobody has claimed yet belongs to: the one it is offered to, the department of a role
    /// within a department, else the department of the people holding the offered role. Null when nobody holds it.
    /// </summary>
    private string? OfferedDepartment(IReadOnlyList<(ParticipantKind Kind, string Value)> offers) =>
        offers.Where(o => o.Kind == ParticipantKind.CandidateDepartment).Select(o => o.Value).FirstOrDefault()
        ?? offers.Where(o => o.Kind == ParticipantKind.CandidateRoleInDepartment && o.Value.Contains('@', StringComparison.Ordinal))
            .Select(o => o.Value[(o.Value.IndexOf('@', StringComparison.Ordinal) + 1)..]).FirstOrDefault()
        ?? offers.Where(o => o.Kind == ParticipantKind.CandidateRole)
            .SelectMany(o => organisation.UsersInRole(o.Value)).Select(organisation.DepartmentOf).FirstOrDefault(d => d is not null);

    /// <summary>Matters the user may see started and finished in each of the last <see cref="Weeks"/> weeks (Monday first).</summary>
    private async Task<IReadOnlyList<WeekCount>> WeeksAsync(IServiceProvider sp, ClaimsPrincipal user, DateOnly today, CancellationToken cancellationToken)
    {
        var thisMonday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var first = thisMonday.AddDays(-7 * (Weeks - 1));
        // A day's margin on the instant: the office's zone decides the week below.
        var since = new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(-1);
        var instances = sp.GetRequiredService<WorkflowsDbContext>().Instances.AsNoTracking();
        List<DateTimeOffset> starts, ends;
        if (user.IsAdmin())
        {
            // Every matter of the office: two reads of the indexes on start and end alone, not of the matters' rows.
            starts = await instances.Where(i => i.CreatedAt >= since).Select(i => i.CreatedAt).ToListAsync(cancellationToken);
            ends = await instances.Where(i => i.FinishedAt >= since).Select(i => i.FinishedAt!.Value).ToListAsync(cancellationToken);
        }
        else
        {
            var visible = sp.GetRequiredService<Instances.InstanceAccess>().IdsVisibleTo(user);
            var matters = await instances.Where(i => visible.Contains(i.Id))
                .Where(i => i.CreatedAt >= since || i.FinishedAt >= since)
                .Select(i => new { i.CreatedAt, i.FinishedAt }).ToListAsync(cancellationToken);
            starts = [.. matters.Select(m => m.CreatedAt)];
            ends = [.. matters.Where(m => m.FinishedAt is not null).Select(m => m.FinishedAt!.Value)];
        }
        int WeekOf(DateTimeOffset instant) => (deadlines.LocalDate(instant).DayNumber - first.DayNumber) is var days and >= 0 ? days / 7 : -1;
        var started = starts.Select(WeekOf).Where(w => w >= 0).ToLookup(w => w);
        var finished = ends.Select(WeekOf).Where(w => w >= 0).ToLookup(w => w);
        return [.. Enumerable.Range(0, Weeks).Select(w => new WeekCount(first.AddDays(7 * w), started[w].Count(), finished[w].Count()))];
    }

    private sealed record OpenTask(string Id, string InstanceId, string DefinitionId, string Title, DateTimeOffset? DueAt, DateTimeOffset? RemindAt);

    private sealed record ClosedTask(string DefinitionId, string Title, DateTimeOffset CreatedAt, DateTimeOffset ClosedAt);

    /// <summary>Nearest rank: the smallest value with at least <paramref name="p"/> of the values at or below it.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>
    /// The keys (<see cref="WorkReach"/>) of the work the person's dashboard counts: theirs and that of the people they
    /// supervise; null for administrators, whose dashboard counts every task.
    /// </summary>
    public IReadOnlyList<string>? ReachOf(IServiceProvider sp, ClaimsPrincipal user) => user.IsAdmin() ? null :
        [.. sp.GetRequiredService<TaskInbox>().ReachOf(user), .. organisation.ReportsOf(user.UserName()).Select(WorkReach.Person)];

    /// <summary>
    /// The open tasks the person sees and those completed since <paramref name="since"/>: administrators all; others
    /// what their inbox shows plus the tasks of the people they supervise, found from their own participant rows, which
    /// say how and when their task closed: neither every task of the office nor the person's whole history is read.
    /// </summary>
    private (IQueryable<TaskRecord> Open, IQueryable<TaskRecord> Completed) Seen(IServiceProvider sp, ClaimsPrincipal user, DateTimeOffset since)
    {
        var db = sp.GetRequiredService<WorkflowsDbContext>();
        var tasks = db.Tasks.AsNoTracking();
        if (user.IsAdmin())
        {
            return (tasks.Where(t => t.Status == TaskStatus.Open), tasks.Where(t => t.Status == TaskStatus.Completed && t.ClosedAt >= since));
        }
        var reached = sp.GetRequiredService<TaskInbox>().Reaching(user, organisation.ReportsOf(user.UserName()));
        var open = reached.Where(p => p.TaskStatus == TaskStatus.Open).Select(p => p.TaskId);
        var completed = reached.Where(p => p.TaskStatus == TaskStatus.Completed && p.TaskClosedAt >= since).Select(p => p.TaskId);
        return (tasks.Where(t => open.Contains(t.Id)), tasks.Where(t => completed.Contains(t.Id)));
    }
}
