using System.Linq.Expressions;
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
/// What was read is kept per viewer (<see cref="DashboardSnapshots"/>): when steps of some matters are heard, only those
/// matters are read again, and the figures summed up anew from what is kept.
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
        return snapshots.GetAsync(KeyOf(reach, overdueListed), reach, RefreshFor(user, overdueListed), cancellationToken);
    }

    /// <summary>
    /// Starts reading the person's dashboard as the page shows it, in the background, unless it is kept already: called
    /// when they sign in to the UI, so that their first look, a while later, finds it read (<see cref="DashboardSnapshots.Prepare"/>).
    /// </summary>
    public void Prepare(IServiceProvider sp, ClaimsPrincipal user)
    {
        var reach = ReachOf(sp, user);
        snapshots.Prepare(KeyOf(reach, OverdueListed), reach, RefreshFor(user, OverdueListed));
    }

    private static string KeyOf(IReadOnlyList<string>? reach, int overdueListed) =>
        $"{overdueListed}\n{(reach is null ? "*" : string.Join('\n', reach))}";

    private Func<DashboardWork?, IReadOnlyCollection<string>, Task<KeptFigures>> RefreshFor(ClaimsPrincipal user, int overdueListed) =>
        async (kept, changed) =>
        {
            // Its own scope: the figures outlive the request that asked first, and others wait for them too.
            await using var scope = scopes.CreateAsyncScope();
            var now = time.GetUtcNow();
            var work = kept;
            if (work is null)
            {
                work = await ReadAsync(scope.ServiceProvider, user, now, null, CancellationToken.None);
            }
            else if (changed.Count > 0)
            {
                work.Replace(changed, await ReadAsync(scope.ServiceProvider, user, now, changed, CancellationToken.None));
            }
            return new KeptFigures(work, await SummariseAsync(scope.ServiceProvider, work, now, overdueListed, CancellationToken.None));
        };

    /// <summary>
    /// Reads what the person's dashboard counts of <paramref name="matters"/>, or of every matter when null. Only the
    /// columns the figures use: a task's state JSON is most of its row. Every matter's open and lately completed tasks
    /// are read through the indexes on status, a few matters' tasks through the index on the matter, whatever their
    /// status; the open ones' participants are chosen in the database either way, not sent back to it as a list of ids.
    /// </summary>
    private async Task<DashboardWork> ReadAsync(
        IServiceProvider sp, ClaimsPrincipal user, DateTimeOffset now, IReadOnlyCollection<string>? matters, CancellationToken cancellationToken)
    {
        var participants = sp.GetRequiredService<WorkflowsDbContext>().TaskParticipants.AsNoTracking();
        var since = now.AddDays(-Days);
        List<TaskRow> rows;
        if (matters is null)
        {
            var (openTasks, completed) = Seen(sp, user, since);
            rows = [.. await openTasks.Select(TaskRow.Of).ToListAsync(cancellationToken), .. await completed.Select(TaskRow.Of).ToListAsync(cancellationToken)];
            participants = participants.Where(p => openTasks.Select(t => t.Id).Contains(p.TaskId));
        }
        else
        {
            // Every task of the matters, whatever its status, so that the index on the matter is the one used; the
            // closed tasks' few participants come along unused.
            var seen = SeenIn(sp, user, matters);
            rows = await seen.Select(TaskRow.Of).ToListAsync(cancellationToken);
            participants = participants.Where(p => seen.Select(t => t.Id).Contains(p.TaskId));
        }
        var people = await participants.Where(p => p.Kind != ParticipantKind.Signer || p.Active)
            .Select(p => new { p.TaskId, p.Kind, p.Value }).ToListAsync(cancellationToken);
        var assignees = people.Where(p => p.Kind == ParticipantKind.Signer).ToLookup(s => s.TaskId, s => s.Value);
        var offers = people.Where(p => p.Kind != ParticipantKind.Signer).ToLookup(p => p.TaskId, p => (p.Kind, p.Value));

        var work = new DashboardWork(now);
        // A year's tasks name a few hundred steps: one copy of each name is kept, not one per task.
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        string Shared(string name) => names.TryGetValue(name, out var kept) ? kept : names[name] = name;
        foreach (var t in rows)
        {
            if (t.Status == TaskStatus.Open)
            {
                var signers = assignees[t.Id].ToList();
                var department = signers.Select(organisation.DepartmentOf).FirstOrDefault(d => d is not null) ?? OfferedDepartment([.. offers[t.Id]]);
                work.Of(t.InstanceId).Open.Add(new DashboardOpenTask(t.Id, t.InstanceId, Shared(t.DefinitionId), Shared(t.Title), t.DueAt, t.RemindAt, signers, department));
            }
            else if (t.Status == TaskStatus.Completed && t.ClosedAt >= since)
            {
                var days = calendar.WorkingDaysBetween(deadlines.LocalDate(t.CreatedAt), deadlines.LocalDate(t.ClosedAt.Value));
                work.Of(t.InstanceId).Closed.Add(new DashboardClosedTask(Shared(t.DefinitionId), Shared(t.Title), t.ClosedAt.Value, days));
            }
        }
        await ReadMattersAsync(sp, user, work, deadlines.LocalDate(now), matters, cancellationToken);
        return work;
    }

    private sealed record TaskRow(
        string Id, string InstanceId, string DefinitionId, string Title, TaskStatus Status, DateTimeOffset CreatedAt, DateTimeOffset? DueAt,
        DateTimeOffset? RemindAt, DateTimeOffset? ClosedAt)
    {
        public static readonly Expression<Func<TaskRecord, TaskRow>> Of =
            t => new TaskRow(t.Id, t.InstanceId, t.DefinitionId, t.Title, t.Status, t.CreatedAt, t.DueAt, t.RemindAt, t.ClosedAt);
    }

    /// <summary>
    /// The figures of <paramref name="work"/> as of <paramref name="now"/>, with today's names of procedures and
    /// departments: taken from its running totals (<see cref="DashboardTally"/>), since at a year of an office's work the
    /// tasks kept are tens of thousands and a step changes a few.
    /// </summary>
    private async Task<DashboardView> SummariseAsync(IServiceProvider sp, DashboardWork work, DateTimeOffset now, int overdueListed, CancellationToken cancellationToken)
    {
        var db = sp.GetRequiredService<WorkflowsDbContext>();
        var departments = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Code, d => d.Name, cancellationToken);
        // Archived procedures still have open work to show by name.
        var procedures = (await sp.GetRequiredService<EfWorkflowDefinitionStore>().ListAsync(ArchivedFilter.Include, cancellationToken))
            .ToDictionary(d => d.DefinitionId, d => d.Name);
        string Procedure(string definitionId) => procedures.GetValueOrDefault(definitionId) ?? definitionId;
        var today = deadlines.LocalDate(now);
        var tally = work.TallyAt(now);

        // Ties in the same order whatever order the matters were read in.
        static IReadOnlyList<WorkloadRow> Rows(IReadOnlyDictionary<string, Workload> counts, Func<string, string> name) =>
            [.. counts.Select(c => new WorkloadRow(c.Key, name(c.Key), c.Value.Open, c.Value.DueSoon, c.Value.Overdue))
                .OrderByDescending(r => r.Overdue).ThenByDescending(r => r.Open).ThenBy(r => r.Key, StringComparer.Ordinal)];
        var overdueSteps = tally.LateSteps.Select(s => new OverdueStep(Procedure(s.Key.DefinitionId), s.Key.Title, s.Value))
            .OrderByDescending(s => s.Count).ThenBy(s => s.Procedure).ThenBy(s => s.Step).ToList();
        var overdue = tally.Overdue.Take(overdueListed)
            .Select(t => new OverdueTask(t.Id, t.InstanceId, Procedure(t.DefinitionId), t.Title,
                t.People, t.Department is null ? null : departments.GetValueOrDefault(t.Department) ?? t.Department, t.DueAt!.Value,
                calendar.WorkingDaysBetween(deadlines.LocalDate(t.DueAt!.Value), today)))
            .OrderByDescending(o => o.WorkingDaysOverdue).ToList();
        var stepTimes = tally.StepDays.Select(s => new StepTime(Procedure(s.Key.DefinitionId), s.Key.Title, s.Value.Tasks, s.Value.Average, s.Value.Percentile(0.9)))
            .OrderBy(s => s.Procedure).ThenByDescending(s => s.AverageWorkingDays).ThenBy(s => s.Step, StringComparer.Ordinal).ToList();
        return new DashboardView(Rows(tally.ByProcedure, Procedure), Rows(tally.ByDepartment, d => departments.GetValueOrDefault(d) ?? d), overdue, stepTimes, Days,
            WeekCounts(tally, today), tally.Overdue.Count, overdueSteps, now);
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

    /// <summary>The first Monday of the last <see cref="Weeks"/> weeks.</summary>
    private static DateOnly FirstMonday(DateOnly today) => today.AddDays(-(((int)today.DayOfWeek + 6) % 7) - 7 * (Weeks - 1));

    /// <summary>When the matters the user may see (of <paramref name="matters"/>, else all) started and finished, if within the last <see cref="Weeks"/> weeks.</summary>
    private async Task ReadMattersAsync(
        IServiceProvider sp, ClaimsPrincipal user, DashboardWork work, DateOnly today, IReadOnlyCollection<string>? matters, CancellationToken cancellationToken)
    {
        // A day's margin on the instant: the office's zone decides the week when the figures are summed up.
        var since = new DateTimeOffset(FirstMonday(today).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(-1);
        var instances = sp.GetRequiredService<WorkflowsDbContext>().Instances.AsNoTracking();
        DateOnly? Day(DateTimeOffset? instant) => instant >= since ? deadlines.LocalDate(instant.Value) : null;
        if (matters is null && user.IsAdmin())
        {
            // Every matter of the office: two reads of the indexes on start and end, not of the matters' rows.
            foreach (var started in await instances.Where(i => i.CreatedAt >= since).Select(i => new { i.Id, i.CreatedAt }).ToListAsync(cancellationToken))
            {
                work.Of(started.Id).StartedOn = Day(started.CreatedAt);
            }
            foreach (var ended in await instances.Where(i => i.FinishedAt >= since).Select(i => new { i.Id, i.FinishedAt }).ToListAsync(cancellationToken))
            {
                work.Of(ended.Id).FinishedOn = Day(ended.FinishedAt);
            }
            return;
        }
        var access = sp.GetRequiredService<Instances.InstanceAccess>();
        if (matters is null)
        {
            var visible = access.IdsVisibleTo(user);
            instances = instances.Where(i => visible.Contains(i.Id));
        }
        else
        {
            // A few matters, each checked against its own parties.
            instances = access.Visible(user).Where(i => matters.Contains(i.Id));
        }
        foreach (var matter in await instances.Where(i => i.CreatedAt >= since || i.FinishedAt >= since)
            .Select(i => new { i.Id, i.CreatedAt, i.FinishedAt }).ToListAsync(cancellationToken))
        {
            var kept = work.Of(matter.Id);
            (kept.StartedOn, kept.FinishedOn) = (Day(matter.CreatedAt), Day(matter.FinishedAt));
        }
    }

    /// <summary>Matters started and finished in each of the last <see cref="Weeks"/> weeks (Monday first).</summary>
    private static IReadOnlyList<WeekCount> WeekCounts(DashboardTally tally, DateOnly today)
    {
        var first = FirstMonday(today);
        return [.. Enumerable.Range(0, Weeks).Select(w => first.AddDays(7 * w)).Select(monday => new WeekCount(monday,
            Enumerable.Range(0, 7).Sum(d => tally.MattersOn(monday.AddDays(d), finished: false)),
            Enumerable.Range(0, 7).Sum(d => tally.MattersOn(monday.AddDays(d), finished: true))))];
    }

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
        var tasks = sp.GetRequiredService<WorkflowsDbContext>().Tasks.AsNoTracking();
        if (user.IsAdmin())
        {
            return (tasks.Where(t => t.Status == TaskStatus.Open), tasks.Where(t => t.Status == TaskStatus.Completed && t.ClosedAt >= since));
        }
        var reached = sp.GetRequiredService<TaskInbox>().Reaching(user, organisation.ReportsOf(user.UserName()));
        var open = reached.Where(p => p.TaskStatus == TaskStatus.Open).Select(p => p.TaskId);
        var completed = reached.Where(p => p.TaskStatus == TaskStatus.Completed && p.TaskClosedAt >= since).Select(p => p.TaskId);
        return (tasks.Where(t => open.Contains(t.Id)), tasks.Where(t => completed.Contains(t.Id)));
    }

    /// <summary>
    /// The tasks of <paramref name="matters"/> the person sees, whatever their status: as <see cref="Seen"/>, but each of
    /// the matters' tasks checked against its own participant rows rather than the person's whole history read.
    /// </summary>
    private IQueryable<TaskRecord> SeenIn(IServiceProvider sp, ClaimsPrincipal user, IReadOnlyCollection<string> matters) =>
        sp.GetRequiredService<TaskInbox>().Visible(user, organisation.ReportsOf(user.UserName())).Where(t => matters.Contains(t.InstanceId));
}
