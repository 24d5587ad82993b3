using Microsoft.EntityFrameworkCore;
using Workflows.Persistence;
using Workflows.Persistence.Definitions;
using Workflows.Persistence.Instances;
using Workflows.Persistence.Tasks;

namespace Workflows.Server.Tasks;

/// <summary>
/// The inbox's search term (<c>q</c>), matched in the database: the step's title, the matter's title, the procedure's
/// name and the starter's name or department, ignoring the case of Latin letters. It narrows a person's own list, so
/// its cost is that list's, not the office's.
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

    /// <summary>The filter for <paramref name="q"/>; everything when it is empty.</summary>
    public async Task<Func<IQueryable<TaskRecord>, IQueryable<TaskRecord>>> TasksMatchingAsync(string? q, CancellationToken cancellationToken)
    {
        if (await TermAsync(q, cancellationToken) is not { } term)
        {
            return tasks => tasks;
        }
        var (text, procedures, matters) = term;
        return tasks => tasks.Where(t => t.Title.ToLower().Contains(text) || procedures.Contains(t.DefinitionId) || matters.Any(i => i.Id == t.InstanceId));
    }

    /// <summary>The same for 抄送 items.</summary>
    public async Task<Func<IQueryable<CcItemRecord>, IQueryable<CcItemRecord>>> CcMatchingAsync(string? q, CancellationToken cancellationToken)
    {
        if (await TermAsync(q, cancellationToken) is not { } term)
        {
            return items => items;
        }
        var (text, procedures, matters) = term;
        return items => items.Where(c => c.Title.ToLower().Contains(text) || procedures.Contains(c.DefinitionId) || matters.Any(i => i.Id == c.InstanceId));
    }

    /// <summary>
    /// The lower-cased term, the procedures whose names contain it, and the matters whose title, or whose starter's name
    /// or department, contains it (checked per task as a correlated subquery: a key lookup per task of the person's
    /// list, not a scan of every matter).
    /// </summary>
    private async Task<(string Text, List<string> Procedures, IQueryable<InstanceRecord> Matters)?> TermAsync(string? q, CancellationToken cancellationToken)
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
        var matters = db.Instances.AsNoTracking()
            .Where(i => (i.Title != null && i.Title.ToLower().Contains(text)) || starters.Contains(i.StartedBy!));
        return (text, procedures, matters);
    }
}
