using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Workflows.Core.Runtime;
using Workflows.Core.Tasks;
using Workflows.Persistence.Instances;

namespace Workflows.Persistence.Timers;

/// <summary>
/// Keeps the instance's Timers rows equal to what its open bookmarks plan, inside the burst's transaction: a closed
/// bookmark's timers go with it, a fired alert's timer gives way to the next one, a recomputed due date moves its row.
/// </summary>
internal static class TimerProjection
{
    /// <summary>
    /// For the <see cref="BurstWriter"/>: the statements that delete the rows nothing plans any more and add or move the
    /// planned ones, without reading the stored rows first (a round trip per resume on PostgreSQL).
    /// </summary>
    /// <param name="changed">Receives, as the statements run, the rows added or moved, which need a job once the transaction commits.</param>
    public static IEnumerable<BurstStatement> Statements(IModel model, WorkflowBurst burst, List<TimerRecord> changed)
    {
        var type = model.FindEntityType(typeof(TimerRecord))!;
        var planned = PlannedRows(burst);
        if (burst.ExpectedVersion is not null)
        {
            yield return new UnplannedRows(type, burst.Instance.Id, [.. planned.Select(t => t.Id)]);
        }
        foreach (var timer in planned)
        {
            yield return new PlannedRow(type, timer, changed);
        }
    }

    /// <summary>For SaveChanges: reads the instance's rows and tracks the differences.</summary>
    /// <returns>The rows added or moved, which need a job once the transaction commits.</returns>
    public static async Task<IReadOnlyList<TimerRecord>> ApplyAsync(WorkflowsDbContext db, WorkflowBurst burst, CancellationToken cancellationToken)
    {
        var planned = PlannedRows(burst).ToDictionary(t => t.Id);
        var stored = burst.ExpectedVersion is null
            ? []
            : await db.Timers.Where(t => t.InstanceId == burst.Instance.Id).ToDictionaryAsync(t => t.Id, cancellationToken);
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
            db.Timers.Add(timer);
            changed.Add(timer);
        }
        return changed;
    }

    /// <summary>The rows the instance's open bookmarks plan: none once it no longer runs.</summary>
    private static List<TimerRecord> PlannedRows(WorkflowBurst burst)
    {
        var instance = burst.Instance;
        return instance.Status != WorkflowStatus.Running ? [] : [.. instance.Bookmarks.SelectMany(TaskTimers.Plan).Select(timer => new TimerRecord
        {
            Id = timer.Id,
            InstanceId = instance.Id,
            BookmarkId = timer.BookmarkId,
            Action = timer.Action,
            DueAt = timer.DueAt,
            CreatedAt = instance.UpdatedAt,
        })];
    }

    /// <summary>Deletes the instance's rows the burst no longer plans, however many there are.</summary>
    private sealed class UnplannedRows(IEntityType type, string instanceId, IReadOnlyList<string> planned) : BurstStatement
    {
        public override string TextKey => $"{type.GetTableName()} unplanned {planned.Count}";

        public override void Write(StatementText text)
        {
            var id = type.FindProperty(nameof(TimerRecord.Id))!;
            var instance = type.FindProperty(nameof(TimerRecord.InstanceId))!;
            text.Append($"DELETE FROM {text.Shape(type).Table} WHERE {text.Name(instance)} = ").Parameter(instance, instanceId);
            if (planned.Count > 0)
            {
                text.Append($" AND {text.Name(id)} NOT IN (");
                for (var i = 0; i < planned.Count; i++)
                {
                    text.Append(i == 0 ? "" : ", ").Parameter(id, planned[i]);
                }
                text.Append(")");
            }
            text.Append(" RETURNING 1").EndStatement();
        }

        public override async Task<bool> HearAsync(DbDataReader answer, CancellationToken cancellationToken)
        {
            while (await answer.ReadAsync(cancellationToken))
            {
            }
            return true;
        }
    }

    /// <summary>Adds a planned row, or moves the stored one to its new due time; it answers a row only when it did either.</summary>
    private sealed class PlannedRow(IEntityType type, TimerRecord timer, List<TimerRecord> changed) : BurstStatement
    {
        public override string TextKey => $"{type.GetTableName()} planned";

        public override void Write(StatementText text)
        {
            var shape = text.Shape(type);
            var due = text.Name(type.FindProperty(nameof(TimerRecord.DueAt))!);
            shape.AppendInsert(text, property => property.GetGetter().GetClrValue(timer));
            text.Append($" ON CONFLICT ({text.Name(type.FindProperty(nameof(TimerRecord.Id))!)}) DO UPDATE SET {due} = excluded.{due}")
                .Append($" WHERE {shape.Table}.{due} <> excluded.{due} RETURNING 1").EndStatement();
        }

        public override async Task<bool> HearAsync(DbDataReader answer, CancellationToken cancellationToken)
        {
            if (await answer.ReadAsync(cancellationToken))
            {
                changed.Add(timer);
            }
            return true;
        }
    }
}
