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
    /// <returns>
    /// Whom the burst's tasks reached before or after it, and its 抄送 recipients (<see cref="WorkReach"/>): the people
    /// whose inbox it may have changed.
    /// </returns>
    public static async Task<IReadOnlySet<string>> ApplyAsync(WorkflowsDbContext db, WorkflowBurst burst, CancellationToken cancellationToken)
    {
        var instance = burst.Instance;
        var open = instance.Bookmarks.Where(b => b.Kind == BookmarkKinds.UserTask).ToList();
        var (stored, storedParticipants) = burst.ExpectedVersion is null ? ([], [])
            : burst.LoadedBookmarks is { } loaded ? AttachLoaded(db, instance, loaded)
            : await ReadAsync(db, instance.Id, cancellationToken);
        var reached = storedParticipants.Select(p => WorkReach.Key(p.Kind, p.Value)).ToHashSet();

        foreach (var bookmark in open)
        {
            var task = TaskState.Read(bookmark);
            if (!stored.TryGetValue(bookmark.Id, out var row))
            {
                row = NewRow(instance, bookmark);
                db.Tasks.Add(row);
            }
            Fill(row, task, bookmark);
            var wanted = Participants(row, instance, task).ToList();
            reached.UnionWith(wanted.Select(p => WorkReach.Key(p.Kind, p.Value)));
            Sync(db, storedParticipants.Where(p => p.TaskId == bookmark.Id), wanted);
        }
        foreach (var closed in stored.Values.Where(t => open.All(b => b.Id != t.Id)))
        {
            Close(closed, burst.Journal, instance.UpdatedAt);
            var participants = storedParticipants.Where(p => p.TaskId == closed.Id).ToList();
            // Nobody has anything left to do on a closed task: "my tasks" then reads only the rows of open work, not a
            // person's whole history (Done still says who signed). The rows say how and when it closed, for the dashboard.
            foreach (var participant in participants)
            {
                (participant.Active, participant.TaskStatus, participant.TaskClosedAt) = (false, closed.Status, closed.ClosedAt);
            }
            RecordCloser(db, closed, instance, participants);
            if (closed.ClosedBy is { } closer)
            {
                reached.Add(WorkReach.Person(closer));
            }
        }
        foreach (var recipient in AddCcItems(db, burst))
        {
            reached.Add(WorkReach.Person(recipient));
        }
        return reached;
    }

    /// <summary>
    /// The rows as the burst's loaded bookmarks imply they are stored, attached unchanged: the instance's version check
    /// guarantees nobody changed them since, so only real differences are written and nothing is read back.
    /// </summary>
    private static (Dictionary<string, TaskRecord>, List<TaskParticipantRecord>) AttachLoaded(
        WorkflowsDbContext db, WorkflowInstance instance, IReadOnlyList<Bookmark> loaded)
    {
        var rows = new Dictionary<string, TaskRecord>();
        var participants = new List<TaskParticipantRecord>();
        foreach (var bookmark in loaded.Where(b => b.Kind == BookmarkKinds.UserTask))
        {
            var task = TaskState.Read(bookmark);
            var row = NewRow(instance, bookmark);
            Fill(row, task, bookmark);
            db.Tasks.Attach(row);
            rows[row.Id] = row;
            var rowParticipants = Participants(row, instance, task).ToList();
            db.TaskParticipants.AttachRange(rowParticipants);
            participants.AddRange(rowParticipants);
        }
        return (rows, participants);
    }

    private static async Task<(Dictionary<string, TaskRecord>, List<TaskParticipantRecord>)> ReadAsync(
        WorkflowsDbContext db, string instanceId, CancellationToken cancellationToken)
    {
        var rows = await db.Tasks.Where(t => t.InstanceId == instanceId && t.Status == TaskStatus.Open).ToDictionaryAsync(t => t.Id, cancellationToken);
        var participants = rows.Count == 0 ? [] : await db.TaskParticipants.Where(p => rows.Keys.Contains(p.TaskId)).ToListAsync(cancellationToken);
        return (rows, participants);
    }

    /// <summary>Removes, changes and adds participant rows so the stored ones equal <paramref name="wanted"/>.</summary>
    private static void Sync(WorkflowsDbContext db, IEnumerable<TaskParticipantRecord> stored, IEnumerable<TaskParticipantRecord> wanted)
    {
        var byKey = wanted.ToDictionary(p => (p.Kind, p.Value));
        foreach (var row in stored)
        {
            if (byKey.Remove((row.Kind, row.Value), out var want))
            {
                // Every column, so one added later is kept in step too; only those that differ are written.
                db.Entry(row).CurrentValues.SetValues(want);
            }
            else
            {
                db.TaskParticipants.Remove(row);
            }
        }
        db.TaskParticipants.AddRange(byKey.Values);
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
    private static void RecordCloser(WorkflowsDbContext db, TaskRecord closed, WorkflowInstance instance, List<TaskParticipantRecord> participants)
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
            db.TaskParticipants.Add(done);
        }
        else if (!row.Done)
        {
            (row.Done, row.DoneAt) = (true, closed.ClosedAt);
        }
    }

    /// <returns>The recipients.</returns>
    private static List<string> AddCcItems(WorkflowsDbContext db, WorkflowBurst burst)
    {
        var recipients = new List<string>();
        foreach (var effect in burst.SideEffects.Where(e => e.Kind == SideEffectKinds.Notify))
        {
            var users = effect.Payload["users"] is JsonArray list ? list.Select(u => u?.GetValue<string>()).OfType<string>().Distinct() : [];
            foreach (var user in users)
            {
                db.CcItems.Add(new CcItemRecord
                {
                    Id = Guid.NewGuid().ToString("N"),
                    InstanceId = burst.Instance.Id,
                    DefinitionId = burst.Instance.DefinitionId,
                    TaskId = effect.Payload["taskId"]?.GetValue<string>(),
                    UserName = user,
                    Title = effect.Payload["title"]?.GetValue<string>() ?? "抄送",
                    CreatedAt = effect.CreatedAt,
                });
                recipients.Add(user);
            }
        }
        return recipients;
    }
}
