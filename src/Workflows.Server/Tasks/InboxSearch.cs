using Microsoft.EntityFrameworkCore;
using Workflows.Persistence;
using Workflows.Persistence.Definitions;
using Workflows.Persistence.Instances;
using Workflows.Persistence.Tasks;

namespace Workflows.Server.Tasks;

/// <summary>
/// The inbox's search term (<c>q</c>), matched in the database: the step's title, the matter's title, the procedure's
/// name and the starter's name or department, ignoring the case of Latin letters. A person's own lists are searched on
/// their participant rows, which carry those facts in the entries of the list's index, and counted up to
/// <see cref="CountLimit"/>: the cost is that of the index entries walked to fill a page and the count, not of the
/// person's whole history, and no row is read for an entry that does not match.
/// </summary>
public sealed class InboxSearch(WorkflowsDbContext db, EfWorkflowDefinitionStore definitions)
{
    public const int MaxLength = 100;

    /// <summary>
    /// A searched list is counted up to this many matches. Counting them all would check every task of the person's
    /// list (tens of thousands after a year); up to 100 stops after the first hundred found, and nobody pages further
    /// than that through a search: they type more.
    /// </summary>
    public const int CountLimit = 100;

    /// <summary>
    /// The filter for <paramref name="q"/> on a person's participant rows (their open and done lists), null when it is
    /// empty: each row carries its task's and matter's titles, procedure and starter, so a search walks the person's
    /// index entries and reads no task or matter until the page is chosen.
    /// </summary>
    public async Task<Func<IQueryable<TaskParticipantRecord>, IQueryable<TaskParticipantRecord>>?> ParticipantsMatchingAsync(string? q, CancellationToken cancellationToken)
    {
        if (await TermAsync(q, cancellationToken) is not { } term)
        {
            return null;
        }
        var (text, procedures, starters) = term;
        // A text too long for the index is checked on the row itself, looked up by key as a subquery rather than named on
        // the walked entry: naming a column outside the index would make PostgreSQL fetch every entry's row.
        return rows => rows.Where(p => (p.IndexedSearchText != null && p.IndexedSearchText.ToLower().Contains(text))
            || (p.IndexedSearchText == null && db.TaskParticipants.Any(r => r.TaskId == p.TaskId && r.Kind == p.Kind && r.Value == p.Value && r.SearchText.ToLower().Contains(text)))
            || procedures.Contains(p.DefinitionId) || starters.Contains(p.StartedBy!));
    }

    /// <summary>The same on task rows (the administrator's list of every open task); everything when it is empty.</summary>
    public async Task<Func<IQueryable<TaskRecord>, IQueryable<TaskRecord>>> TasksMatchingAsync(string? q, CancellationToken cancellationToken)
    {
        if (await TermAsync(q, cancellationToken) is not { } term)
        {
            return tasks => tasks;
        }
        var (text, procedures, starters) = term;
        var matters = Matters(text, starters);
        return tasks => tasks.Where(t => t.Title.ToLower().Contains(text) || procedures.Contains(t.DefinitionId) || matters.Any(i => i.Id == t.InstanceId));
    }

    /// <summary>The same for 抄送 items.</summary>
    public async Task<Func<IQueryable<CcItemRecord>, IQueryable<CcItemRecord>>> CcMatchingAsync(string? q, CancellationToken cancellationToken)
    {
        if (await TermAsync(q, cancellationToken) is not { } term)
        {
            return items => items;
        }
        var (text, procedures, starters) = term;
        var matters = Matters(text, starters);
        return items => items.Where(c => c.Title.ToLower().Contains(text) || procedures.Contains(c.DefinitionId) || matters.Any(i => i.Id == c.InstanceId));
    }

    /// <summary>
    /// The matters whose title contains the term or that one of <paramref name="starters"/> started (checked per row as a
    /// correlated subquery: a key lookup per row, not a scan of every matter).
    /// </summary>
    private IQueryable<InstanceRecord> Matters(string text, List<string> starters) =>
        db.Instances.AsNoTracking().Where(i => (i.Title != null && i.Title.ToLower().Contains(text)) || starters.Contains(i.StartedBy!));

    /// <summary>The lower-cased term, the procedures whose names contain it, and the people whose name or department does.</summary>
    private async Task<(string Text, List<string> Procedures, List<string> Starters)?> TermAsync(string? q, CancellationToken cancellationToken)
    {
        var text = q?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        var procedures = (await definitions.ListAsync(ArchivedFilter.Include, cancellationToken))
            .Where(d => d.Name.Contains(text, StringComparison.OrdinalIgnoreCase) || d.DefinitionId.Contains(text, StringComparison.OrdinalIgnoreCase))
            .Select(d => d.DefinitionId).ToList();
        var departments = db.Departments.AsNoTracking().Where(d => d.Name.ToLower().Contains(text) || d.Code.ToLower().Contains(text)).Select(d => d.Code);
        var starters = await db.Users.AsNoTracking()
            .Where(u => u.UserName!.ToLower().Contains(text) || u.DisplayName.ToLower().Contains(text) || departments.Contains(u.DepartmentCode!))
            .Select(u => u.UserName!).ToListAsync(cancellationToken);
        return (text, procedures, starters);
    }
}
