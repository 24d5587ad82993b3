using Microsoft.EntityFrameworkCore;
using Workflows.Core.Runtime;
using Workflows.Core.Tasks;

namespace Workflows.Persistence.Timers;

/// <summary>
/// Keeps the instance's Timers rows equal to what its open bookmarks plan, inside the burst's transaction: a closed
/// bookmark's timers go with it, a fired alert's timer gives way to the next one, a recomputed due date moves its row.
/// </summary>
internal static class TimerProjection
{
    /// <returns>The rows added or moved, which need a job once the transaction commits.</returns>
    public static async Task<IReadOnlyList<TimerRecord>> ApplyAsync(WorkflowsDbContext db, WorkflowBurst burst, CancellationToken cancellationToken)
    {
        var instance = burst.Instance;
        var planned = instance.Status == WorkflowStatus.Running
            ? instance.Bookmarks.SelectMany(TaskTimers.Plan).ToDictionary(t => t.Id)
            : [];
        var stored = burst.ExpectedVersion is null
            ? []
            : await db.Timers.Where(t => t.InstanceId == instance.Id).ToDictionaryAsync(t => t.Id, cancellationToken);
        var changed = new List<TimerRecord>();
        foreach (var row in stored.Values.Where(r => !planned.ContainsKey(r.Id)))
        {
            db.Timers.Remove(row);
        }
        foreach (var timer in planned.Values)
        {
            if (stored.TryGetValue(timer.Id, out var row))
            {
                if (row.DueAt != timer.DueAt)
                {
                    row.DueAt = timer.DueAt;
                    changed.Add(row);
                }
                continue;
            }
            row = new TimerRecord { Id = timer.Id, InstanceId = instance.Id, BookmarkId = timer.BookmarkId, Action = timer.Action, DueAt = timer.DueAt, CreatedAt = instance.UpdatedAt };
            db.Timers.Add(row);
            changed.Add(row);
        }
        return changed;
    }
}
