using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Workflows.Core.Runtime;
using Workflows.Core.Tasks;
using Workflows.Persistence.Instances;

namespace Workflows.Persistence.Tasks;

/// <summary>
/// Keeps the inbox tables in step with a burst, inside its transaction: open user-task bookmarks become open task
/// rows with their participants, closed ones become Completed (resumed) or Cancelled, Notify side effects become
/// 抄送 items.
/// </summary>
internal static class TaskProjection
{
    /// <param name="rows">Receives the task, participant and 抄送 rows to write.</param>
    /// <returns>
    /// Whom the burst's tasks reached before or after it, its 抄送 recipients, and the starter of a matter it starts or
    /// ends (<see cref="WorkReach"/>): the people whose inbox or dashboard it may have changed.
    /// </returns>
    public static async Task<IReadOnlySet<string>> ApplyAsync(WorkflowsDbContext db, WorkflowBurst burst, List<RowChange> rows, CancellationToken cancellationToken)
    {
        var instance = burst.Instance;
        var open = instance.Bookmarks.Where(b => b.Kind == BookmarkKinds.UserTask).ToList();
        var (stored, storedParticipants) = burst.ExpectedVersion is null ? ([], [])
            : burst.LoadedBookmarks is { } loaded ? AsLoaded(instance, loaded)
            : await ReadAsync(db, instance.Id, cancellationToken);
        var reached = storedParticipants.Select(p => WorkReach.Key(p.Kind, p.Value)).ToHashSet();

        foreach (var bookmark in open)
        {
            var task = TaskState.Read(bookmark);
            var was = stored.GetValueOrDefault(bookmark.Id);
            var row = was?.Copy() ?? NewRow(instance, bookmark);
            Fill(row, task, bookmark);
            rows.Add(was is null ? RowChange.Insert(row) : RowChange.Update(row, was));
            var wanted = Participants(row, instance, task).ToList();
            reached.UnionWith(wanted.Select(p => WorkReach.Key(p.Kind, p.Value)));
            Sync(rows, storedParticipants.Where(p => p.TaskId == bookmark.Id), wanted);
        }
        foreach (var was in stored.Values.Where(t => open.All(b => b.Id != t.Id)))
        {
            var closed = was.Copy();
            Close(closed, burst.Journal, instance.UpdatedAt);
            rows.Add(RowChange.Update(closed, was));
            // Nobody has anything left to do on a closed task: "my tasks" then reads only the rows of open work, not a
            // person's whole history (Done still says who signed). The rows say how and when it closed, for the dashboard.
            var participants = storedParticipants.Where(p => p.TaskId == closed.Id).Select(p => (Was: p, Now: p.Copy())).ToList();
            foreach (var (_, now) in participants)
            {
                (now.Active, now.TaskStatus, now.TaskClosedAt) = (false, closed.Status, closed.ClosedAt);
            }
            RecordCloser(rows, closed, instance, [.. participants.Select(p => p.Now)]);
            rows.AddRange(participants.Select(p => RowChange.Update(p.Now, p.Was)));
            if (closed.ClosedBy is { } closer)
            {
                reached.Add(WorkReach.Person(closer));
            }
        }
        foreach (var recipient in AddCcItems(rows, burst))
        {
            reached.Add(WorkReach.Person(recipient));
        }
        // The starter's own matters changed when one starts or ends: their dashboard counts both.
        if (instance.StartedBy is { } starter && (burst.ExpectedVersion is null || instance.FinishedAt is { } end && burst.Journal.Any(j => j.At == end)))
        {
            reached.Add(WorkReach.Person(starter));
        }
        return reached;
    }

    /// <summary>
    /// The rows as the burst's loaded bookmarks imply they are stored: the instance's version check guarantees nobody
    /// changed them since, so only real differences are written and nothing is read back.
    /// </summary>
    private static (Dictionary<string, TaskRecord>, List<TaskParticipantRecord>) AsLoaded(WorkflowInstance instance, IReadOnlyList<Bookmark> loaded)
    {
        var rows = new Dictionary<string, TaskRecord>();
        var participants = new List<TaskParticipantRecord>();
        foreach (var bookmark in loaded.Where(b => b.Kind == BookmarkKinds.UserTask))
        {
            var task = TaskState.Read(bookmark);
            var row = NewRow(instance, bookmark);
            Fill(row, task, bookmark);
            rows[row.Id] = row;
            participants.AddRange(Participants(row, instance, task));
        }
        return (rows, participants);
    }

    private static async Task<(Dictionary<string, TaskRecord>, List<TaskParticipantRecord>)> ReadAsync(
        WorkflowsDbContext db, string instanceId, CancellationToken cancellationToken)
    {
        var rows = await db.Tasks.AsNoTracking().Where(t => t.InstanceId == instanceId && t.Status == TaskStatus.Open).ToDictionaryAsync(t => t.Id, cancellationToken);
        var participants = rows.Count == 0 ? [] : await db.TaskParticipants.AsNoTracking().Where(p => rows.Keys.Contains(p.TaskId)).ToListAsync(cancellationToken);
        return (rows, participants);
    }

    /// <summary>Removes, changes and adds participant rows so the stored ones equal <paramref name="wanted"/>.</summary>
    private static void Sync(List<RowChange> rows, IEnumerable<TaskParticipantRecord> stored, IEnumerable<TaskParticipantRecord> wanted)
    {
        var byKey = wanted.ToDictionary(p => (p.Kind, p.Value));
        foreach (var was in stored)
        {
            // Every column, so one added later is kept in step too; only those that differ are written.
            rows.Add(byKey.Remove((was.Kind, was.Value), out var want) ? RowChange.Update(want, was) : RowChange.Delete(was));
        }
        rows.AddRange(byKey.Values.Select(RowChange.Insert));
    }

    private static TaskRecord NewRow(WorkflowInstance instance, Bookmark bookmark) => new()
    {
        Id = bookmark.Id,
        InstanceId = instance.Id,
        DefinitionId = instance.DefinitionId,
        ActivityId = bookmark.ActivityId,
        CreatedAt = bookmark.CreatedAt,
    };

    private static void Fill(TaskRecord row, TaskState task, Bookmark bookmark)
    {
        // A migration can move the task to a renamed step.
        row.ActivityId = bookmark.ActivityId;
        row.Title = task.Title;
        row.Mode = task.Mode;
        row.Status = TaskStatus.Open;
        row.Claimed = task.IsClaimed;
        row.DueAt = task.Deadlines.DueAt;
        row.DueOrder = task.Deadlines.DueAt ?? TaskRecord.Undated;
        row.HardDueAt = task.Deadlines.HardDueAt;
        row.RemindAt = task.Deadlines.RemindAt;
        row.DueProvisional = task.Deadlines.Provisional;
        row.Outcomes = JsonSerializer.Serialize(task.Outcomes, InstanceJson.Options);
        row.State = bookmark.Payload.ToJsonString(InstanceJson.Options);
    }

    private static IEnumerable<TaskParticipantRecord> Participants(TaskRecord row, WorkflowInstance instance, TaskState task)
    {
        var active = task.ActiveSigners.Select(s => s.UserName).ToHashSet();
        foreach (var signer in task.Signers.GroupBy(s => s.UserName).Select(g => g.Last()))
        {
            var participant = Participant(row, instance, ParticipantKind.Signer, signer.UserName);
            participant.Active = active.Contains(signer.UserName);
            participant.Done = signer.State == SignerState.Done;
            participant.DoneAt = signer.State == SignerState.Done ? signer.At ?? task.CreatedAt : null;
            yield return participant;
        }
        if (!task.IsClaimed)
        {
            var offers = task.CandidateRoles.Distinct().Select(role => (ParticipantKind.CandidateRole, role))
                .Concat(task.CandidateScopedRoles.Select(s => s.Key).Distinct().Select(key => (ParticipantKind.CandidateRoleInDepartment, key)))
                .Concat(task.CandidateDepartments.Distinct().Select(department => (ParticipantKind.CandidateDepartment, department)));
            foreach (var (kind, value) in offers)
            {
                var offer = Participant(row, instance, kind, value);
                offer.Active = true;
                yield return offer;
            }
        }
    }

    private static TaskParticipantRecord Participant(TaskRecord row, WorkflowInstance instance, ParticipantKind kind, string value)
    {
        var searchText = TaskParticipantRecord.SearchTextOf(row.Title, InstanceRecord.StoredTitle(instance.Title));
        return new()
        {
            TaskId = row.Id,
            Kind = kind,
            Value = value,
            DueOrder = row.DueOrder,
            TaskCreatedAt = row.CreatedAt,
            TaskStatus = row.Status,
            TaskClosedAt = row.ClosedAt,
            SearchText = searchText,
            IndexedSearchText = TaskParticipantRecord.IndexedSearchTextOf(searchText),
            DefinitionId = row.DefinitionId,
            InstanceId = row.InstanceId,
            StartedBy = instance.StartedBy,
        };
    }

    /// <summary>The burst that removed the bookmark either resumed it to completion (journalled with its id) or cancelled it.</summary>
    private static void Close(TaskRecord row, IReadOnlyList<JournalEntry> journal, DateTimeOffset now)
    {
        var entry = journal.LastOrDefault(e => e.Data?["bookmarkId"]?.GetValue<string>() == row.Id
            && e.Event is JournalEvents.ActivityResumed or JournalEvents.ActivityCancelled);
        row.Status = entry?.Event == JournalEvents.ActivityResumed ? TaskStatus.Completed : TaskStatus.Cancelled;
        row.ClosedAt = entry?.At ?? now;
        row.ClosedBy = entry?.Event == JournalEvents.ActivityResumed ? entry.Actor : null;
        row.Outcome = entry?.Event == JournalEvents.ActivityResumed ? entry.Outcome : null;
    }

    /// <summary>
    /// The burst that completes a task removes it before its last signer's part is projected: that person's row
    /// (or a new one, when they were not a signer) says they did it, and when.
    /// </summary>
    private static void RecordCloser(List<RowChange> rows, TaskRecord closed, WorkflowInstance instance, List<TaskParticipantRecord> participants)
    {
        if (closed.ClosedBy is not { } closer)
        {
            return;
        }
        var row = participants.FirstOrDefault(p => p.Kind == ParticipantKind.Signer && p.Value == closer);
        if (row is null)
        {
            var done = Participant(closed, instance, ParticipantKind.Signer, closer);
            (done.Done, done.DoneAt) = (true, closed.ClosedAt);
            rows.Add(RowChange.Insert(done));
        }
        else if (!row.Done)
        {
            (row.Done, row.DoneAt) = (true, closed.ClosedAt);
        }
    }

    /// <returns>The recipients.</returns>
    private static List<string> AddCcItems(List<RowChange> rows, WorkflowBurst burst)
    {
        var recipients = new List<string>();
        foreach (var effect in burst.SideEffects.Where(e => e.Kind == SideEffectKinds.Notify))
        {
            var users = effect.Payload["users"] is JsonArray list ? list.Select(u => u?.GetValue<string>()).OfType<string>().Distinct() : [];
            foreach (var user in users)
            {
                rows.Add(RowChange.Insert(new CcItemRecord
                {
                    Id = Guid.NewGuid().ToString("N"),
                    InstanceId = burst.Instance.Id,
                    DefinitionId = burst.Instance.DefinitionId,
                    TaskId = effect.Payload["taskId"]?.GetValue<string>(),
                    UserName = user,
                    Title = effect.Payload["title"]?.GetValue<string>() ?? "抄送",
                    CreatedAt = effect.CreatedAt,
                }));
                recipients.Add(user);
            }
        }
        return recipients;
    }
}
