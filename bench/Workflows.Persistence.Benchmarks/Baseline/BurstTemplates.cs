using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Core.Runtime;
using Workflows.Persistence.Instances;
using Workflows.Persistence.Tasks;

namespace Workflows.Persistence.Benchmarks.Baseline;

/// <summary>The rows one burst writes, as the EF store wrote them for a calibration instance.</summary>
public sealed record BurstTemplate(
    string Status,
    string State,
    bool Finishes,
    BookmarkTemplate? NewBookmark,
    IReadOnlyList<JournalTemplate> Journal,
    ClosedTaskTemplate? ClosedTask,
    TaskTemplate? NewTask,
    IReadOnlyList<ParticipantTemplate> NewParticipants,
    IReadOnlyList<OutboxTemplate> Outbox);

public sealed record BookmarkTemplate(string ActivityId, string ActivityType, string Kind, string Payload);

/// <summary>The inbox row of the task a burst opens (its id is the bookmark's).</summary>
public sealed record TaskTemplate(string ActivityId, string Title, string Mode, string Status, bool Claimed, DateTimeOffset? DueAt,
    DateTimeOffset DueOrder, DateTimeOffset? HardDueAt, DateTimeOffset? RemindAt, bool DueProvisional, string Outcomes, string State);

/// <summary>What the burst that completes a task sets on its inbox row (ClosedAt is the burst's time).</summary>
public sealed record ClosedTaskTemplate(string Status, string? ClosedBy, string? Outcome);

/// <summary>An e-mail notice the burst queued (the engine tells the people a task goes to); NextAttemptAt, when set, is the burst's time.</summary>
public sealed record OutboxTemplate(string Id, string ActivityId, string Kind, string Payload, string State, int Attempts, bool Scheduled, string? LastError);

/// <summary>A participant row of a task the burst opens: its task's id, creation and matter are the burst's.</summary>
public sealed record ParticipantTemplate(string Kind, string Value, bool Active, bool Done, DateTimeOffset DueOrder, string TaskStatus,
    string SearchText, string? IndexedSearchText, string DefinitionId, string? StartedBy);

public sealed record JournalTemplate(long Sequence, string Event, string? ActivityId, string? ActivityType, string? Outcome,
    string? Actor, string? Message, string? Data);

/// <summary>
/// What the baseline writes: the exact column values the EF store wrote for one instance run through the engine
/// (state JSON, bookmark payloads, journal rows), so both sides write rows of the same number and size. Per
/// instance only the ids (32 hex characters each, so lengths stay the same) and the timestamps differ.
/// </summary>
public sealed class BurstTemplates
{
    private readonly string _calibrationInstanceId;
    private readonly string[] _calibrationBookmarkIds;

    private BurstTemplates(string instanceId, string[] bookmarkIds, IReadOnlyList<BurstTemplate> bursts)
    {
        _calibrationInstanceId = instanceId;
        _calibrationBookmarkIds = bookmarkIds;
        Bursts = bursts;
    }

    /// <summary>Start, complete a, complete b, complete c.</summary>
    public IReadOnlyList<BurstTemplate> Bursts { get; }

    public string DefinitionId { get; private init; } = "";
    public int DefinitionVersion { get; private init; }
    public string? StartedBy { get; private init; }
    public string? Title { get; private init; }

    /// <summary>Every row the calibration instance left behind: what each of the baseline's instances must leave too.</summary>
    public InstanceRows FinalRows { get; private init; } = null!;

    /// <summary>The calibration instance's ids in <paramref name="text"/> replaced by this instance's.</summary>
    public string? Substitute(string? text, string instanceId, string[] bookmarkIds)
    {
        if (text is null)
        {
            return null;
        }
        text = text.Replace(_calibrationInstanceId, instanceId, StringComparison.Ordinal);
        for (var i = 0; i < _calibrationBookmarkIds.Length; i++)
        {
            text = text.Replace(_calibrationBookmarkIds[i], bookmarkIds[i], StringComparison.Ordinal);
        }
        return text;
    }

    /// <summary>Runs one instance through <paramref name="engine"/> and reads back what each of its four bursts stored.</summary>
    public static async Task<BurstTemplates> CaptureAsync(EngineWorkload engine, CancellationToken cancellationToken)
    {
        var contexts = engine.Services.GetRequiredService<IDbContextFactory<WorkflowsDbContext>>();
        var bursts = new List<BurstTemplate>();
        var bookmarkIds = new List<string>();
        var instance = await engine.StartAsync(cancellationToken);
        var id = instance.Id;
        long journalSeen = 0;
        var outboxSeen = new HashSet<string>();
        InstanceRecord row = null!;
        for (var burst = 0; burst <= ApprovalFlow.Tasks.Length; burst++)
        {
            if (burst > 0)
            {
                instance = await engine.CompleteAsync(id, bookmarkIds[^1], burst - 1, cancellationToken);
            }
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            row = await db.Instances.AsNoTracking().SingleAsync(i => i.Id == id, cancellationToken);
            var bookmarks = await db.Bookmarks.AsNoTracking().Where(b => b.InstanceId == id).ToListAsync(cancellationToken);
            var journal = await db.Journal.AsNoTracking().Where(j => j.InstanceId == id && j.Sequence >= journalSeen)
                .OrderBy(j => j.Sequence).ToListAsync(cancellationToken);
            var tasks = await db.Tasks.AsNoTracking().Where(t => t.InstanceId == id).ToListAsync(cancellationToken);
            var taskIds = tasks.Select(t => t.Id).ToList();
            var participants = await db.TaskParticipants.AsNoTracking().Where(p => taskIds.Contains(p.TaskId)).ToListAsync(cancellationToken);
            journalSeen += journal.Count;
            var outbox = (await db.Outbox.AsNoTracking().Where(o => o.InstanceId == id).ToListAsync(cancellationToken))
                .Where(o => outboxSeen.Add(o.Id)).OrderBy(o => o.CreatedAt).ThenBy(o => o.Id, StringComparer.Ordinal).ToList();
            var expectedBookmarks = burst < ApprovalFlow.Tasks.Length ? 1 : 0;
            if (instance.Status is WorkflowStatus.Faulted or WorkflowStatus.Cancelled || bookmarks.Count != expectedBookmarks)
            {
                throw new InvalidOperationException(
                    $"burst {burst} left the calibration instance {instance.Status} ({string.Join("; ", instance.Incidents.Select(i => i.Message))}) " +
                    $"with {bookmarks.Count} open bookmarks; expected {expectedBookmarks}");
            }
            ClosedTaskTemplate? closed = null;
            if (burst > 0)
            {
                var completed = tasks.Single(t => t.Id == bookmarkIds[^1]);
                closed = new ClosedTaskTemplate(completed.Status.ToString(), completed.ClosedBy, completed.Outcome);
            }
            BookmarkTemplate? opened = null;
            TaskTemplate? openedTask = null;
            List<ParticipantTemplate> openedParticipants = [];
            if (bookmarks.SingleOrDefault() is { } bookmark)
            {
                bookmarkIds.Add(bookmark.Id);
                opened = new BookmarkTemplate(bookmark.ActivityId, bookmark.ActivityType, bookmark.Kind, bookmark.Payload);
                var task = tasks.Single(t => t.Id == bookmark.Id);
                openedTask = new TaskTemplate(task.ActivityId, task.Title, task.Mode, task.Status.ToString(), task.Claimed, task.DueAt, task.DueOrder,
                    task.HardDueAt, task.RemindAt, task.DueProvisional, task.Outcomes, task.State);
                openedParticipants = [.. participants.Where(p => p.TaskId == bookmark.Id).Select(p => new ParticipantTemplate(p.Kind.ToString(), p.Value, p.Active, p.Done,
                    p.DueOrder, p.TaskStatus.ToString(), p.SearchText, p.IndexedSearchText, p.DefinitionId, p.StartedBy))];
            }
            bursts.Add(new BurstTemplate(row.Status.ToString(), row.State, row.FinishedAt is not null, opened,
                [.. journal.Select(j => new JournalTemplate(j.Sequence, j.Event, j.ActivityId, j.ActivityType, j.Outcome, j.Actor, j.Message, j.Data))],
                closed, openedTask, openedParticipants,
                [.. outbox.Select(o => new OutboxTemplate(o.Id, o.ActivityId, o.Kind, o.Payload, o.State.ToString(), o.Attempts, o.NextAttemptAt is not null, o.LastError))]));
        }
        if (bookmarkIds.Count != ApprovalFlow.Tasks.Length || !bursts[^1].Finishes)
        {
            throw new InvalidOperationException("the calibration instance did not open one task per step and complete");
        }
        await using var final = await contexts.CreateDbContextAsync(cancellationToken);
        await final.Database.OpenConnectionAsync(cancellationToken);
        var finalRows = await InstanceRows.ReadAsync(final.Database.GetDbConnection(), id, cancellationToken);
        return new BurstTemplates(id, [.. bookmarkIds], bursts)
        {
            DefinitionId = row.DefinitionId,
            DefinitionVersion = row.DefinitionVersion,
            StartedBy = row.StartedBy,
            Title = row.Title,
            FinalRows = finalRows,
        };
    }

    public int JournalRowsPerInstance => Bursts.Sum(b => b.Journal.Count);

    public int OutboxRowsPerInstance => Bursts.Sum(b => b.Outbox.Count);

    public int TasksPerInstance => Bursts.Count(b => b.NewTask is not null);

    public int ParticipantsPerInstance => Bursts.Sum(b => b.NewParticipants.Count);

    /// <summary>
    /// An outbox row's id for this instance: the calibration id with this instance's ids in it when it names them,
    /// else a fresh one (the engine's side-effect ids are unique per row).
    /// </summary>
    public string OutboxId(OutboxTemplate row, string instanceId, string[] bookmarkIds)
    {
        var id = Substitute(row.Id, instanceId, bookmarkIds)!;
        return id != row.Id ? id : Guid.NewGuid().ToString("N");
    }
}
