using Microsoft.EntityFrameworkCore;
using Workflows.Designer.Services;
using Workflows.Persistence;
using Workflows.Persistence.Archive;
using Workflows.Persistence.Tasks;

namespace Workflows.Server.Archive;

/// <summary>
/// 归档 in the UI's lists: archived matters leave 已办 and 抄送 unless asked for, with the values of
/// GET /api/workflow-instances?archived= (<see cref="ArchivedMatters"/>); an unknown value reads as the default.
/// </summary>
public static class ArchiveFilter
{
    public static IQueryable<TaskRecord> Apply(WorkflowsDbContext db, IQueryable<TaskRecord> tasks, string archived)
    {
        var archives = db.Set<MatterArchiveRecord>();
        return archived switch
        {
            ArchivedMatters.Include => tasks,
            ArchivedMatters.Only => tasks.Where(t => archives.Any(a => a.InstanceId == t.InstanceId)),
            _ => tasks.Where(t => !archives.Any(a => a.InstanceId == t.InstanceId)),
        };
    }

    /// <summary>The same on rows already read (抄送 items), by the matter each belongs to.</summary>
    public static async Task<List<T>> ApplyAsync<T>(
        WorkflowsDbContext db, List<T> rows, Func<T, string> instanceId, string archived, CancellationToken cancellationToken)
    {
        if (archived == ArchivedMatters.Include || rows.Count == 0)
        {
            return rows;
        }
        var ids = rows.Select(instanceId).Distinct().ToList();
        var archivedIds = (await db.Set<MatterArchiveRecord>().AsNoTracking().Where(a => ids.Contains(a.InstanceId)).Select(a => a.InstanceId)
            .ToListAsync(cancellationToken)).ToHashSet();
        var only = archived == ArchivedMatters.Only;
        return [.. rows.Where(r => archivedIds.Contains(instanceId(r)) == only)];
    }
}
