using System.Runtime.CompilerServices;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.Options;
using Workflows.Core.Activities;
using Workflows.Core.Runtime;
using Workflows.Core.Tasks;
using Workflows.Persistence;
using Workflows.Persistence.Tasks;
using Workflows.Server.Auth;
using Workflows.Server.Organisation;
using Workflows.Server.Paging;
using TaskStatus = Workflows.Persistence.Tasks.TaskStatus;

namespace Workflows.Server.Tasks;

/// <summary>
/// What a person may see of the inbox: tasks they sign, tasks offered to their roles or department, their 抄送
/// items and what they completed. Administrators see every task.
/// </summary>
public sealed class TaskInbox(WorkflowsDbContext db, DatabaseOrganisationDirectory organisation, TimeProvider time, IOptions<InboxOptions> options)
{
    public const string Mine = "mine";
    public const string Candidate = "candidate";
    public const string Cc = "cc";
    public const string Done = "done";
    public const string All = "all";
    public static readonly IReadOnlyList<string> Scopes = [Mine, Candidate, Cc, Done, All];

    /// <param name="alsoSignedBy">People whose tasks the user also sees (those they supervise, on the dashboard).</param>
    public IQueryable<TaskRecord> Visible(ClaimsPrincipal user, IReadOnlyCollection<string>? alsoSignedBy = null)
    {
        if (user.IsAdmin())
        {
            return db.Tasks.AsNoTracking();
        }
        var me = user.UserName();
        var reaching = Reaching(user, alsoSignedBy);
        // Checked row by row (a seek on the task's participants), so callers narrow the tasks first: by id, instance or status.
        return db.Tasks.AsNoTracking().Where(t => t.ClosedBy == me || reaching.Any(p => p.TaskId == t.Id));
    }

    /// <summary>The task <paramref name="id"/> if <paramref name="user"/> may see it, else null (see <see cref="LookUpAsync"/>).</summary>
    public async Task<TaskRecord?> FindVisibleAsync(ClaimsPrincipal user, string id, CancellationToken cancellationToken) =>
        await LookUpAsync(user, id, cancellationToken) is { Visible: true } found ? found.Task : null;

    /// <summary>
    /// The task <paramref name="id"/>, whether <paramref name="user"/> may see it (what <see cref="Visible"/> admits), and
    /// whether it waits for them to claim it (open, unclaimed, and one of its offers reaches them, as <see cref="Candidate"/>
    /// lists it); null when there is no such task. One compiled statement reads the task with its participants' keys, and
    /// they are checked here: a lookup a clerk makes on every open and action, so no query is built and translated for it
    /// each time.
    /// </summary>
    public async Task<(TaskRecord Task, bool Visible, bool Offered)?> LookUpAsync(ClaimsPrincipal user, string id, CancellationToken cancellationToken)
    {
        if (await CompiledFor(db).TaskWithParticipants(db, id, cancellationToken) is not { } found)
        {
            return null;
        }
        var me = user.UserName();
        var offers = OfferKeys(me).ToHashSet();
        bool Offers(ParticipantKey p) => offers.Contains(new(p.Kind, p.Value));
        var task = found.Task;
        var visible = user.IsAdmin() || task.ClosedBy == me || found.Participants.Any(p => p.Kind == ParticipantKind.Signer ? p.Value == me : Offers(p));
        var offered = task.Status == TaskStatus.Open && !task.Claimed && found.Participants.Any(p => p.Active && Offers(p));
        return (task, visible, offered);
    }

    /// <summary>The task <paramref name="id"/> whoever asks, by one compiled statement; null when there is none.</summary>
    public Task<TaskRecord?> FindAsync(string id, CancellationToken cancellationToken) => CompiledFor(db).TaskById(db, id, cancellationToken);

    /// <summary>A compiled query serves the one model it was first run with: each database the process opens (tests run several) has its own.</summary>
    private static readonly ConditionalWeakTable<IModel, TaskQueries> Compiled = [];

    private static TaskQueries CompiledFor(WorkflowsDbContext context) => Compiled.GetValue(context.Model, _ => new TaskQueries());

    private sealed class TaskQueries
    {
        public readonly OpenPageQueries OpenPages = new();

        public readonly Func<WorkflowsDbContext, string, CancellationToken, Task<TaskRecord?>> TaskById = EF.CompileAsyncQuery(
            (WorkflowsDbContext db, string id, CancellationToken _) => db.Tasks.AsNoTracking().FirstOrDefault(t => t.Id == id));

        public readonly Func<WorkflowsDbContext, string, CancellationToken, Task<TaskAndParticipants?>> TaskWithParticipants = EF.CompileAsyncQuery(
            (WorkflowsDbContext db, string id, CancellationToken _) => db.Tasks.AsNoTracking().Where(t => t.Id == id)
                .Select(t => new TaskAndParticipants
                {
                    Task = t,
                    Participants = db.TaskParticipants.Where(p => p.TaskId == t.Id).Select(p => new ParticipantKey { Kind = p.Kind, Value = p.Value, Active = p.Active }).ToList(),
                })
                .FirstOrDefault());

        /// <summary>A page of what the person did, the most recent first, read in the order of their signer rows' index.</summary>
        public readonly Func<WorkflowsDbContext, string, int, int, IAsyncEnumerable<TaskRecord>> DonePage = EF.CompileAsyncQuery(
            (WorkflowsDbContext db, string me, int skip, int take) => db.TaskParticipants.AsNoTracking()
                .Where(p => p.Kind == ParticipantKind.Signer && p.Value == me && p.DoneAt != null)
                .Join(db.Tasks.AsNoTracking(), p => p.TaskId, t => t.Id, (p, t) => new { p.DoneAt, p.TaskId, Task = t })
                .OrderByDescending(d => d.DoneAt).ThenByDescending(d => d.TaskId)
                .Skip(skip).Take(take).Select(d => d.Task));

        /// <summary>How many tasks the person did, counted up to <c>upTo</c> rows.</summary>
        public readonly Func<WorkflowsDbContext, string, int, CancellationToken, Task<int>> DoneCount = EF.CompileAsyncQuery(
            (WorkflowsDbContext db, string me, int upTo, CancellationToken _) => db.TaskParticipants
                .Where(p => p.Kind == ParticipantKind.Signer && p.Value == me && p.DoneAt != null).Take(upTo).Count());
    }

    private sealed class TaskAndParticipants
    {
        public TaskRecord Task { get; init; } = null!;
        public List<ParticipantKey> Participants { get; init; } = [];
    }

    private sealed class ParticipantKey
    {
        public ParticipantKind Kind { get; init; }
        public string Value { get; init; } = "";
        public bool Active { get; init; }
    }

    /// <summary>
    /// The participant rows through which tasks reach or reached a person (not an administrator), active or not: they
    /// (or one of <paramref name="alsoSignedBy"/>) sign, or the task is offered to their roles, roles in their
    /// department, or department. Sought by who on the participant index, they name every task <see cref="Visible"/>
    /// admits: whoever closes a task has a signer row for it (written at the close, and by the DoneOrder migration for
    /// older tasks), so <see cref="TaskRecord.ClosedBy"/> adds none.
    /// </summary>
    public IQueryable<TaskParticipantRecord> Reaching(ClaimsPrincipal user, IReadOnlyCollection<string>? alsoSignedBy = null)
    {
        var me = user.UserName();
        var roles = organisation.RolesOf(me).ToList();
        var scoped = organisation.ScopedRoleKeysOf(me).ToList();
        var department = organisation.DepartmentOf(me);
        var signers = (alsoSignedBy ?? []).Append(me).Distinct().ToList();
        var rows = db.TaskParticipants.AsNoTracking();
        // One statement per kind, concatenated: each reads its own range of an index (PostgreSQL reads an OR of them
        // through the table's pages instead), and a kind the person has nothing of is left out.
        var reaching = rows.Where(p => p.Kind == ParticipantKind.Signer && signers.Contains(p.Value));
        if (roles.Count > 0)
        {
            reaching = reaching.Concat(rows.Where(p => p.Kind == ParticipantKind.CandidateRole && roles.Contains(p.Value)));
        }
        if (scoped.Count > 0)
        {
            reaching = reaching.Concat(rows.Where(p => p.Kind == ParticipantKind.CandidateRoleInDepartment && scoped.Contains(p.Value)));
        }
        if (department is not null)
        {
            reaching = reaching.Concat(rows.Where(p => p.Kind == ParticipantKind.CandidateDepartment && p.Value == department));
        }
        return reaching;
    }

    /// <summary>
    /// The keys (<see cref="WorkReach"/>) of the participant rows through which tasks reach the person: what their
    /// inbox shows changes only in a burst that reached one of them.
    /// </summary>
    public IReadOnlyList<string> ReachOf(ClaimsPrincipal user)
    {
        var me = user.UserName();
        return [WorkReach.Person(me), .. OfferKeys(me).Select(key => WorkReach.Key(key.Kind, key.Value))];
    }

    /// <summary>The open tasks of <see cref="Mine"/>, <see cref="Candidate"/> or (administrators) <see cref="All"/>; <see cref="Done"/> and <see cref="Cc"/> have pages of their own.</summary>
    public IQueryable<TaskRecord> InScope(ClaimsPrincipal user, string scope)
    {
        var open = db.Tasks.AsNoTracking().Where(t => t.Status == TaskStatus.Open);
        return scope switch
        {
            // Driven by the person's own rows (an index seek), not by every open task of the office.
            Mine or Candidate => open.Where(t => OpenFor(user, scope).Select(p => p.TaskId).Contains(t.Id)),
            All when user.IsAdmin() => open,
            _ => open.Where(_ => false),
        };
    }

    /// <summary>
    /// The person's active rows of <see cref="Mine"/> (they sign) or <see cref="Candidate"/> (offered to their roles
    /// and department): a closed task keeps no active row, nor does a claimed one keep its offers.
    /// </summary>
    private IQueryable<TaskParticipantRecord> OpenFor(ClaimsPrincipal user, string scope) =>
        OpenRanges(user, scope).Aggregate((all, range) => all.Concat(range));

    /// <summary>
    /// <see cref="OpenFor"/> as one query per participant key: each is one range of the participant index, already in
    /// the inbox's order, so a page needs only its first rows of each (an OR of them would read every offered task).
    /// </summary>
    private List<IQueryable<TaskParticipantRecord>> OpenRanges(ClaimsPrincipal user, string scope)
    {
        var active = db.TaskParticipants.AsNoTracking().Where(p => p.Active);
        var ranges = OpenKeys(user, scope).Select(key => active.Where(p => p.Kind == key.Kind && p.Value == key.Value)).ToList();
        // Someone offered nothing still gets a query, one that finds no row.
        return ranges.Count > 0 ? ranges : [active.Where(_ => false)];
    }

    /// <summary>The participant keys of <see cref="Mine"/> (the person signs) or <see cref="Candidate"/> (<see cref="OfferKeys"/>).</summary>
    private List<OpenKey> OpenKeys(ClaimsPrincipal user, string scope) =>
        scope == Mine ? [new(ParticipantKind.Signer, user.UserName())] : OfferKeys(user.UserName());

    /// <summary>The keys through which tasks are offered to <paramref name="me"/>: their roles, their roles in their department and those above it, their department.</summary>
    private List<OpenKey> OfferKeys(string me)
    {
        var keys = organisation.RolesOf(me).Distinct().Select(role => new OpenKey(ParticipantKind.CandidateRole, role))
            .Concat(organisation.ScopedRoleKeysOf(me).Distinct().Select(key => new OpenKey(ParticipantKind.CandidateRoleInDepartment, key)))
            .ToList();
        if (organisation.DepartmentOf(me) is { } department)
        {
            keys.Add(new(ParticipantKind.CandidateDepartment, department));
        }
        return keys;
    }

    /// <summary>
    /// A page of <see cref="Mine"/> or <see cref="Candidate"/>, most urgent first, ordered and counted on the person's
    /// participant rows (which carry the due date): a page reads twenty tasks however long the list is.
    /// <paramref name="narrow"/> filters the tasks (a matter); <paramref name="search"/> the person's rows
    /// (<see cref="InboxSearch.ParticipantsMatchingAsync"/>); <paramref name="countUpTo"/> caps the count (a search).
    /// </summary>
    public async Task<TaskPage> OpenPageAsync(ClaimsPrincipal user, string scope, Func<IQueryable<TaskRecord>, IQueryable<TaskRecord>>? narrow,
        Func<IQueryable<TaskParticipantRecord>, IQueryable<TaskParticipantRecord>>? search, int page, int pageSize, CancellationToken cancellationToken,
        int? countUpTo = null)
    {
        var keys = OpenKeys(user, scope);
        if (search is null && narrow is null && countUpTo is null && keys.Count is > 0 and <= OpenPageQueries.Keys)
        {
            // The plain list, which is most lists: compiled, not built and looked up in EF's cache on each request.
            var compiled = CompiledFor(db).OpenPages;
            var rows = await compiled.PageAsync(db, keys, page, pageSize, cancellationToken);
            var (counted, _) = await PageTotal.OfAsync(page, pageSize, rows.Count, null, async () => (await compiled.CountAsync(db, keys, cancellationToken), false));
            return new TaskPage([.. rows.Select(ToItem)], counted, page, pageSize);
        }

        IQueryable<InboxEntry> Entries(IQueryable<TaskParticipantRecord> own)
        {
            var entries = (search is null ? own : search(own)).Select(p => new InboxEntry { TaskId = p.TaskId, DueOrder = p.DueOrder, CreatedAt = p.TaskCreatedAt });
            if (narrow is not null)
            {
                var matching = narrow(db.Tasks.AsNoTracking().Where(t => t.Status == TaskStatus.Open));
                entries = entries.Where(e => matching.Any(t => t.Id == e.TaskId));
            }
            return entries;
        }
        static IOrderedQueryable<InboxEntry> Ordered(IQueryable<InboxEntry> entries) =>
            entries.OrderBy(e => e.DueOrder).ThenBy(e => e.CreatedAt).ThenBy(e => e.TaskId);

        var ranges = OpenRanges(user, scope).Select(Entries).ToList();
        // A task offered to two of the person's roles is listed once. One range has each task once (a participant's key is
        // task, kind and value); several are merged from the first rows of each that the page can need.
        var firstRows = page * pageSize;
        var candidates = ranges.Count == 1 ? ranges[0]
            : ranges.Select(range => Ordered(range).Take(firstRows)).Aggregate((all, range) => all.Concat(range)).Distinct();
        // The page is chosen on the index entries, then joined to its task rows, in one statement.
        var tasks = await Ordered(candidates).Skip((page - 1) * pageSize).Take(pageSize)
            .Join(db.Tasks.AsNoTracking(), e => e.TaskId, t => t.Id, (e, t) => new { e.DueOrder, e.CreatedAt, Task = t })
            .OrderBy(x => x.DueOrder).ThenBy(x => x.CreatedAt).ThenBy(x => x.Task.Id)
            .Select(x => x.Task).ToListAsync(cancellationToken);
        var (total, capped) = ranges.Count == 1
            ? await PageTotal.OfAsync(ranges[0], page, pageSize, tasks.Count, countUpTo, cancellationToken)
            : await PageTotal.OfAsync(ranges.Aggregate((all, range) => all.Concat(range)).Select(e => e.TaskId).Distinct(), page, pageSize, tasks.Count, countUpTo, cancellationToken);
        return new TaskPage([.. tasks.Select(ToItem)], total, page, pageSize) { TotalCapped = capped };
    }

    public async Task<TaskPage> PageAsync(IQueryable<TaskRecord> query, int page, int pageSize, CancellationToken cancellationToken, int? countUpTo = null)
    {
        // By due date, undated last (DueOrder), then creation: what is most urgent comes first, in the order of an index.
        var rows = await query.OrderBy(t => t.DueOrder).ThenBy(t => t.CreatedAt).ThenBy(t => t.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        var (total, capped) = await PageTotal.OfAsync(query, page, pageSize, rows.Count, countUpTo, cancellationToken);
        return new TaskPage([.. rows.Select(ToItem)], total, page, pageSize) { TotalCapped = capped };
    }

    /// <summary>
    /// What the person did, the most recent first: read in the order of their own signer rows' index, so a page costs
    /// the same whatever their history. <paramref name="narrow"/> filters the tasks (by matter, archived or not);
    /// <paramref name="search"/> the person's rows; <paramref name="countUpTo"/> caps the count (a search) below
    /// <see cref="InboxOptions.DoneCountLimit"/>, which always caps it.
    /// </summary>
    public async Task<TaskPage> DonePageAsync(ClaimsPrincipal user, Func<IQueryable<TaskRecord>, IQueryable<TaskRecord>>? narrow,
        Func<IQueryable<TaskParticipantRecord>, IQueryable<TaskParticipantRecord>>? search, int page, int pageSize, CancellationToken cancellationToken,
        int? countUpTo = null)
    {
        var me = user.UserName();
        var limit = Math.Min(countUpTo ?? int.MaxValue, options.Value.DoneCountLimit);
        if (search is null && narrow is null)
        {
            // The plain list, which is most lists: compiled, not built and looked up in EF's cache on each request.
            var compiled = CompiledFor(db);
            var tasks = await compiled.DonePage(db, me, (page - 1) * pageSize, pageSize).ToListAsync(cancellationToken);
            var (counted, cappedAt) = await PageTotal.OfAsync(page, pageSize, tasks.Count, limit,
                async () => PageTotal.Capped(await compiled.DoneCount(db, me, limit + 1, cancellationToken), limit));
            return new TaskPage([.. tasks.Select(ToItem)], counted, page, pageSize) { TotalCapped = cappedAt };
        }
        var mine = DoneBy(me);
        mine = search is null ? mine : search(mine);
        var done = mine.Join(narrow is null ? db.Tasks.AsNoTracking() : narrow(db.Tasks.AsNoTracking()), p => p.TaskId, t => t.Id, (p, t) => new { p.DoneAt, p.TaskId, Task = t });
        var rows = await done.OrderByDescending(d => d.DoneAt).ThenByDescending(d => d.TaskId)
            .Skip((page - 1) * pageSize).Take(pageSize).Select(d => d.Task).ToListAsync(cancellationToken);
        // Unnarrowed, the person's own index entries are the count: every participant row has its task.
        var (total, capped) = narrow is null
            ? await PageTotal.OfAsync(mine, page, pageSize, rows.Count, limit, cancellationToken)
            : await PageTotal.OfAsync(done, page, pageSize, rows.Count, limit, cancellationToken);
        return new TaskPage([.. rows.Select(ToItem)], total, page, pageSize) { TotalCapped = capped };
    }

    private IQueryable<TaskParticipantRecord> DoneBy(string me) =>
        db.TaskParticipants.Where(p => p.Kind == ParticipantKind.Signer && p.Value == me && p.DoneAt != null);

    public async Task<TaskPage> CcPageAsync(ClaimsPrincipal user, Func<IQueryable<CcItemRecord>, IQueryable<CcItemRecord>> narrow,
        int page, int pageSize, CancellationToken cancellationToken, int? countUpTo = null)
    {
        var me = user.UserName();
        var query = narrow(db.CcItems.AsNoTracking().Where(c => c.UserName == me));
        var rows = await query.OrderBy(c => c.ReadAt != null).ThenByDescending(c => c.CreatedAt).ThenBy(c => c.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        var (total, capped) = await PageTotal.OfAsync(query, page, pageSize, rows.Count, countUpTo, cancellationToken);
        return new TaskPage([.. rows.Select(c => new TaskItem(c.Id, c.InstanceId, c.DefinitionId, c.Title, null, c.ReadAt is null ? "Open" : "Read",
            [], [], [], c.CreatedAt, null, null, Urgencies.Normal, false, [], null, null, c.ReadAt is not null))], total, page, pageSize)
        { TotalCapped = capped };
    }

    /// <summary>A list's row: reads only the parts of the task's stored state that a row shows.</summary>
    public TaskItem ToItem(TaskRecord row) =>
        ToItem(row, JsonSerializer.Deserialize<TaskParties>(row.State, InstanceJson.Options) ?? new TaskParties());

    /// <summary>A row for a task whose whole state has been read already (a task's page).</summary>
    public TaskItem ToItem(TaskRecord row, TaskState state) => ToItem(row, new TaskParties
    {
        Mode = state.Mode,
        Signers = state.Signers,
        CandidateRoles = state.CandidateRoles,
        CandidateDepartments = state.CandidateDepartments,
        CandidateScopedRoles = state.CandidateScopedRoles,
    });

    private TaskItem ToItem(TaskRecord row, TaskParties parties)
    {
        var open = row.Status == TaskStatus.Open;
        var offered = open && !row.Claimed;
        return new TaskItem(row.Id, row.InstanceId, row.DefinitionId, row.Title, row.ActivityId, row.Status.ToString(),
            [.. (open ? TaskState.ActiveAmong(parties.Mode, parties.Signers) : parties.Signers).Select(s => s.UserName)],
            offered ? parties.CandidateRoles : [], offered ? parties.CandidateDepartments : [],
            row.CreatedAt, row.DueAt, row.HardDueAt, open ? Urgencies.Of(row.DueAt, row.RemindAt, time.GetUtcNow()) : Urgencies.Normal,
            row.DueProvisional, [.. (JsonSerializer.Deserialize<List<TaskOutcome>>(row.Outcomes, InstanceJson.Options) ?? []).Where(o => !o.Automatic)],
            row.Outcome, row.ClosedBy, null)
        {
            CandidateRolesInDepartments = offered ? parties.CandidateScopedRoles : [],
        };
    }

    /// <summary>
    /// Who acts on a task and who it was offered to: the part of its <see cref="TaskState"/> a list row shows. A page of
    /// rows reads this instead of the whole state, whose outcomes, form, deadlines and settings it would parse for nothing.
    /// </summary>
    private sealed class TaskParties
    {
        public string Mode { get; set; } = TaskModes.Single;
        public List<TaskSigner> Signers { get; set; } = [];
        public List<string> CandidateRoles { get; set; } = [];
        public List<string> CandidateDepartments { get; set; } = [];
        public List<RoleInDepartment> CandidateScopedRoles { get; set; } = [];
    }

    /// <summary>
    /// Who claimed <paramref name="row"/>, a task <paramref name="user"/> may not see, when it was offered to them (by role
    /// or department) and someone else claimed it first: once claimed it is no longer theirs to see, but the loser of a
    /// race deserves to hear why, not "not found". Null otherwise.
    /// </summary>
    public string? ClaimedByAnother(ClaimsPrincipal user, TaskRecord row)
    {
        if (!row.Claimed)
        {
            return null;
        }
        var me = user.UserName();
        var state = StateOf(row);
        var offered = state.CandidateRoles.Intersect(organisation.RolesOf(me)).Any()
            || (organisation.DepartmentOf(me) is { } department && state.CandidateDepartments.Contains(department));
        return offered ? string.Join(", ", state.Signers.Select(s => s.UserName)) : null;
    }

    public static TaskState StateOf(TaskRecord row) => JsonSerializer.Deserialize<TaskState>(row.State, InstanceJson.Options) ?? new TaskState();
}
