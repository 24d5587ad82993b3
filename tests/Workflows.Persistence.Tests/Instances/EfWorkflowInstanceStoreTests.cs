using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Core.Runtime;
using Workflows.Persistence.Database;
using Workflows.Persistence.Instances;
using Workflows.Persistence.Tasks;
using TaskStatus = Workflows.Persistence.Tasks.TaskStatus;

namespace Workflows.Persistence.Tests.Instances;

public sealed class EfWorkflowInstanceStoreTests
{
    [SkippableTheory]
    [MemberData(nameof(PersistenceFixture.Providers), MemberType = typeof(PersistenceFixture))]
    public async Task StartAndResume_RunThroughTheDatabase(DatabaseProvider provider)
    {
        await using var fixture = await PersistenceFixture.StartAsync(provider);
        await fixture.PublishAsync(Flows.Approval("leave"));

        var started = await fixture.StartAsync("leave");
        var loaded = await fixture.Instances.FindAsync(started.Id, default);
        Assert.NotNull(loaded);
        Assert.Equal(started.Version, loaded.Version);
        Assert.Equal("review", Assert.Single(loaded.Bookmarks).ActivityId);

        var done = await fixture.CompleteAsync(loaded, "review", "approve");

        Assert.Equal(WorkflowStatus.Completed, done.Status);
        Assert.NotEqual(loaded.Version, done.Version);
        await using var db = fixture.Db();
        var row = await db.Instances.SingleAsync(i => i.Id == started.Id);
        Assert.Equal(WorkflowStatus.Completed, row.Status);
        Assert.Equal(fixture.Clock.GetUtcNow(), row.FinishedAt);
        Assert.Equal("approved", (await fixture.Instances.FindAsync(started.Id, default))!.Result!.GetValue<string>());
        Assert.Empty(await db.Bookmarks.Where(b => b.InstanceId == started.Id).ToListAsync());
    }

    /// <summary>
    /// Two hosts in one process (the tests' many servers), configured differently (a logger factory, an interceptor): the
    /// store's find, compiled once per provider, serves both, not only the first that used it.
    /// </summary>
    [SkippableTheory]
    [MemberData(nameof(PersistenceFixture.Providers), MemberType = typeof(PersistenceFixture))]
    public async Task TwoHostsInOneProcess_EachFindsAndResumesItsInstances(DatabaseProvider provider)
    {
        await using var quiet = await PersistenceFixture.StartAsync(provider);
        await using var logged = await PersistenceFixture.StartAsync(provider, services => services.AddLogging().AddSingleton<IInterceptor>(new FailAfterWrite("Nothing")));
        await quiet.PublishAsync(Flows.Approval("leave"));
        await logged.PublishAsync(Flows.Approval("leave"));

        foreach (var fixture in new[] { quiet, logged, quiet, logged })
        {
            var started = await fixture.StartAsync("leave");
            var loaded = await fixture.Instances.FindAsync(started.Id, default);
            Assert.Equal(started.Version, loaded!.Version);
            Assert.Equal(WorkflowStatus.Completed, (await fixture.CompleteAsync(loaded, "review", "approve")).Status);
            Assert.Null(await fixture.Instances.FindAsync(started.Id + "-none", default));
        }
    }

    [SkippableTheory]
    [MemberData(nameof(PersistenceFixture.Providers), MemberType = typeof(PersistenceFixture))]
    public async Task ClosingATask_LeavesNoActiveParticipant_SoInboxesReadOnlyOpenWork(DatabaseProvider provider)
    {
        await using var fixture = await PersistenceFixture.StartAsync(provider);
        await fixture.PublishAsync(Flows.Approval("leave"));
        var started = await fixture.StartAsync("leave");
        await using (var db = fixture.Db())
        {
            var task = await db.Tasks.SingleAsync(t => t.InstanceId == started.Id);
            Assert.Contains(await db.TaskParticipants.Where(p => p.TaskId == task.Id).ToListAsync(), p => p.Active);
        }

        await fixture.CompleteAsync(started, "review", "approve");

        await using (var db = fixture.Db())
        {
            var task = await db.Tasks.SingleAsync(t => t.InstanceId == started.Id);
            Assert.Equal(TaskStatus.Completed, task.Status);
            var participants = await db.TaskParticipants.Where(p => p.TaskId == task.Id).ToListAsync();
            Assert.NotEmpty(participants);
            Assert.DoesNotContain(participants, p => p.Active);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(PersistenceFixture.Providers), MemberType = typeof(PersistenceFixture))]
    public async Task ATasksParticipantRows_NameItsMatter_AndSayHowAndWhenItClosed_AsItsTaskRowDoes(DatabaseProvider provider)
    {
        await using var fixture = await PersistenceFixture.StartAsync(provider);
        await fixture.PublishAsync(Flows.Approval("leave"));
        var completed = await fixture.StartAsync("leave");
        var cancelled = await fixture.StartAsync("leave");
        var open = await fixture.StartAsync("leave");
        await fixture.CompleteAsync(completed, "review", "approve");
        await fixture.Engine.CancelAsync(cancelled.Id, "withdrawn", "starter");

        await using var db = fixture.Db();
        var rows = await db.TaskParticipants.Join(db.Tasks, p => p.TaskId, t => t.Id, (p, t) => new { p, t }).ToListAsync();
        Assert.Equal(3, rows.Select(r => r.t.InstanceId).Distinct().Count());
        Assert.All(rows, r => Assert.Equal((r.t.InstanceId, r.t.Status, r.t.ClosedAt), (r.p.InstanceId, r.p.TaskStatus, r.p.TaskClosedAt)));
        Assert.Equal([TaskStatus.Completed], rows.Where(r => r.t.InstanceId == completed.Id).Select(r => r.p.TaskStatus).Distinct());
        Assert.Equal([TaskStatus.Cancelled], rows.Where(r => r.t.InstanceId == cancelled.Id).Select(r => r.p.TaskStatus).Distinct());
        Assert.All(rows.Where(r => r.t.InstanceId == open.Id), r => Assert.Equal((TaskStatus.Open, (DateTimeOffset?)null), (r.p.TaskStatus, r.p.TaskClosedAt)));
        Assert.All(rows.Where(r => r.t.InstanceId != open.Id), r => Assert.NotNull(r.p.TaskClosedAt));
    }

    [SkippableTheory]
    [MemberData(nameof(PersistenceFixture.Providers), MemberType = typeof(PersistenceFixture))]
    public async Task Commit_WritesBookmarkJournalAndOutboxRows(DatabaseProvider provider)
    {
        await using var fixture = await PersistenceFixture.StartAsync(provider);
        await fixture.PublishAsync(Flows.Approval("leave"));
        var started = await fixture.StartAsync("leave");

        await using (var db = fixture.Db())
        {
            var bookmark = await db.Bookmarks.SingleAsync(b => b.InstanceId == started.Id);
            Assert.Equal((BookmarkKinds.UserTask, "review", "UserTask"), (bookmark.Kind, bookmark.ActivityId, bookmark.ActivityType));
            Assert.Contains("审核", bookmark.Payload);
        }
        await fixture.CompleteAsync(started, "review", "approve");

        var journal = await fixture.Instances.GetJournalAsync(started.Id, default);
        Assert.Equal(Enumerable.Range(0, journal.Count).Select(i => (long)i), journal.Select(j => j.Sequence));
        Assert.Equal(JournalEvents.InstanceStarted, journal[0].Event);
        Assert.Equal(JournalEvents.InstanceCompleted, journal[^1].Event);
        var resumed = Assert.Single(journal, j => j.Event == JournalEvents.ActivityResumed);
        Assert.Equal(("review", "approve", "reviewer"), (resumed.ActivityId, resumed.Outcome, resumed.Actor));
        Assert.NotNull(Assert.Single(journal, j => j.Event == JournalEvents.ActivitySuspended).Data?["bookmarkId"]);

        var effects = await fixture.Instances.GetSideEffectsAsync(started.Id, default);
        var email = Assert.Single(effects, e => e.ActivityId == "mail");
        Assert.Equal((SideEffectKinds.Email, "已批准"), (email.Kind, email.Payload["subject"]!.GetValue<string>()));
        // Beside the flow's own e-mail, the engine's: 待办 when the task was created, 办结 when the instance completed.
        Assert.Equal(["instance-finished", "task-assigned"],
            effects.Where(e => e != email).Select(e => e.Payload["template"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        await using (var db = fixture.Db())
        {
            var message = await db.Outbox.SingleAsync(o => o.Id == email.Id);
            Assert.Equal((OutboxState.Pending, 0, (DateTimeOffset?)message.CreatedAt), (message.State, message.Attempts, message.NextAttemptAt));
            Assert.Equal(effects.Count, await db.Outbox.CountAsync(o => o.InstanceId == started.Id));
            Assert.Equal(journal.Count, await db.Journal.CountAsync(j => j.InstanceId == started.Id));
        }
    }

    [SkippableTheory]
    [MemberData(nameof(PersistenceFixture.Providers), MemberType = typeof(PersistenceFixture))]
    public async Task Commit_ThatFailsMidway_LeavesThePreviousStateAndARetryCompletes(DatabaseProvider provider)
    {
        var fault = new FailAfterWrite("Outbox");
        await using var fixture = await PersistenceFixture.StartAsync(provider, s => s.AddSingleton<IInterceptor>(fault));
        await fixture.PublishAsync(Flows.Approval("leave"));
        var started = await fixture.StartAsync("leave");
        var journalBefore = await fixture.Instances.GetJournalAsync(started.Id, default);
        var effectsBefore = await fixture.Instances.GetSideEffectsAsync(started.Id, default);

        fault.Armed = true;
        await Assert.ThrowsAsync<DbUpdateException>(() => fixture.CompleteAsync(started, "review", "approve"));

        var after = await fixture.Instances.FindAsync(started.Id, default);
        Assert.Equal((started.Version, WorkflowStatus.Running), (after!.Version, after.Status));
        Assert.Equal(started.Bookmarks.Single().Id, Assert.Single(after.Bookmarks).Id);
        Assert.Equal(journalBefore.Count, (await fixture.Instances.GetJournalAsync(started.Id, default)).Count);
        Assert.Equal(effectsBefore.Select(e => e.Id), (await fixture.Instances.GetSideEffectsAsync(started.Id, default)).Select(e => e.Id));
        await using (var db = fixture.Db())
        {
            Assert.Equal(started.Bookmarks.Single().Id, (await db.Bookmarks.SingleAsync(b => b.InstanceId == started.Id)).Id);
        }

        var retried = await fixture.CompleteAsync(after, "review", "approve");

        Assert.Equal(WorkflowStatus.Completed, retried.Status);
        Assert.Single(await fixture.Instances.GetSideEffectsAsync(started.Id, default), e => e.ActivityId == "mail");
    }

    [SkippableTheory]
    [MemberData(nameof(PersistenceFixture.Providers), MemberType = typeof(PersistenceFixture))]
    public async Task TwoThreadsResumingTheSameBookmark_ExactlyOneSucceeds(DatabaseProvider provider)
    {
        var rendezvous = new LoadRendezvous("WorkflowInstances", parties: 2);
        await using var fixture = await PersistenceFixture.StartAsync(provider, s => s.AddSingleton<IInterceptor>(rendezvous));
        await fixture.PublishAsync(Flows.Approval("leave"));
        var started = await fixture.StartAsync("leave");

        rendezvous.Armed = true;
        var attempts = new[] { "approve", "reject" }
            .Select(outcome => Task.Run(() => fixture.CompleteAsync(started, "review", outcome)))
            .ToArray();
        var settled = await Task.WhenAll(attempts.Select(Settle));

        var winner = Assert.Single(settled, s => s.Instance is not null).Instance!;
        Assert.IsType<WorkflowConcurrencyException>(Assert.Single(settled, s => s.Error is not null).Error);
        var stored = await fixture.Instances.FindAsync(started.Id, default);
        Assert.Equal((winner.Version, WorkflowStatus.Completed, winner.Result!.ToJsonString()),
            (stored!.Version, stored.Status, stored.Result!.ToJsonString()));
        var journal = await fixture.Instances.GetJournalAsync(started.Id, default);
        Assert.Single(journal, j => j.Event == JournalEvents.ActivityResumed);
    }

    [SkippableTheory]
    [MemberData(nameof(PersistenceFixture.Providers), MemberType = typeof(PersistenceFixture))]
    public async Task TwoCommitsFromTheSameLoadedVersion_TheDatabaseLetsExactlyOneThrough(DatabaseProvider provider)
    {
        await using var fixture = await PersistenceFixture.StartAsync(provider);
        await fixture.PublishAsync(Flows.Approval("leave"));
        var started = await fixture.StartAsync("leave");
        var first = (await fixture.Instances.FindAsync(started.Id, default))!;
        var second = (await fixture.Instances.FindAsync(started.Id, default))!;
        first.Variables["by"] = "first";
        second.Variables["by"] = "second";

        var settled = await Task.WhenAll(new[] { first, second }.Select(instance =>
            Settle(Task.Run(async () =>
            {
                await fixture.Instances.CommitAsync(new WorkflowBurst(instance, instance.Version, [], []), default);
                return instance;
            }))));

        var winner = Assert.Single(settled, s => s.Instance is not null).Instance!;
        Assert.IsType<WorkflowConcurrencyException>(Assert.Single(settled, s => s.Error is not null).Error);
        var stored = await fixture.Instances.FindAsync(started.Id, default);
        Assert.Equal((winner.Version, winner.Variables["by"]!.GetValue<string>()), (stored!.Version, stored.Variables["by"]!.GetValue<string>()));
    }

    [SkippableTheory]
    [MemberData(nameof(PersistenceFixture.Providers), MemberType = typeof(PersistenceFixture))]
    public async Task StartingTheSameInstanceIdTwice_IsAConcurrencyConflict(DatabaseProvider provider)
    {
        await using var fixture = await PersistenceFixture.StartAsync(provider);
        await fixture.PublishAsync(Flows.Approval("leave"));
        await fixture.StartAsync("leave", instanceId: "request-42");

        var conflict = await Assert.ThrowsAsync<WorkflowConcurrencyException>(() => fixture.StartAsync("leave", instanceId: "request-42"));

        Assert.Contains("request-42", conflict.Message);
        await using var db = fixture.Db();
        Assert.Equal(1, await db.Journal.CountAsync(j => j.InstanceId == "request-42" && j.Event == JournalEvents.InstanceStarted));
    }

    /// <summary>
    /// Every row a commit updates or deletes must be there as the burst loaded it: a bookmark row gone behind the store's
    /// back (the instance's version unchanged) fails the commit as a conflict, and none of its other rows is kept.
    /// </summary>
    [SkippableTheory]
    [MemberData(nameof(PersistenceFixture.Providers), MemberType = typeof(PersistenceFixture))]
    public async Task ARowGoneBehindTheStoresBack_FailsTheCommitAsAConflict_AndNothingIsSaved(DatabaseProvider provider)
    {
        await using var fixture = await PersistenceFixture.StartAsync(provider);
        await fixture.PublishAsync(Flows.Approval("leave"));
        var started = await fixture.StartAsync("leave");
        var journalBefore = (await fixture.Instances.GetJournalAsync(started.Id, default)).Count;
        await using (var db = fixture.Db())
        {
            Assert.Equal(1, await db.Bookmarks.Where(b => b.InstanceId == started.Id).ExecuteDeleteAsync());
        }

        var conflict = await Assert.ThrowsAsync<WorkflowConcurrencyException>(() => fixture.CompleteAsync(started, "review", "approve"));

        Assert.Contains(started.Id, conflict.Message);
        var stored = await fixture.Instances.FindAsync(started.Id, default);
        Assert.Equal((started.Version, WorkflowStatus.Running), (stored!.Version, stored.Status));
        Assert.Equal(journalBefore, (await fixture.Instances.GetJournalAsync(started.Id, default)).Count);
        await using (var db = fixture.Db())
        {
            Assert.Equal(TaskStatus.Open, (await db.Tasks.SingleAsync(t => t.InstanceId == started.Id)).Status);
            Assert.True((await db.TaskParticipants.Where(p => p.InstanceId == started.Id).ToListAsync()).All(p => p.Active));
        }
    }

    /// <summary>
    /// A resume's rows reach PostgreSQL in one command, one round trip inside its transaction; SQLite, in process, takes
    /// one command per row, as it binds every parameter of a command to each of its statements.
    /// </summary>
    [SkippableTheory]
    [MemberData(nameof(PersistenceFixture.Providers), MemberType = typeof(PersistenceFixture))]
    public async Task AResumesRows_ReachPostgreSqlInOneCommand(DatabaseProvider provider)
    {
        var commands = new CommandsInTransactions();
        await using var fixture = await PersistenceFixture.StartAsync(provider, s => s.AddSingleton<IInterceptor>(commands));
        await fixture.PublishAsync(Flows.Approval("leave"));
        var started = await fixture.StartAsync("leave");
        commands.Texts.Clear();

        await fixture.CompleteAsync(started, "review", "approve");

        var writes = commands.Texts.ToList();
        var statements = writes.Sum(t => t.Split("RETURNING", StringSplitOptions.None).Length - 1);
        Assert.Equal(provider == DatabaseProvider.PostgreSql ? 1 : statements, writes.Count);
        Assert.Contains(writes, t => t.Contains("INSERT INTO \"Journal\"", StringComparison.Ordinal));
        Assert.Contains(writes, t => t.Contains("DELETE FROM \"Bookmarks\"", StringComparison.Ordinal));
        Assert.True(statements >= 5, $"{statements} statements: {string.Join(" | ", writes)}");
    }

    /// <summary>
    /// The store works out a burst's rows from the bookmarks as loaded, without EF's change tracker: a row the burst did
    /// not change is not sent at all, and a changed one only in the columns that differ.
    /// </summary>
    [SkippableTheory]
    [MemberData(nameof(PersistenceFixture.Providers), MemberType = typeof(PersistenceFixture))]
    public async Task ARowTheBurstDidNotChange_IsNotWritten_AndAChangedOne_OnlyInTheColumnsThatDiffer(DatabaseProvider provider)
    {
        var commands = new CommandsInTransactions();
        await using var fixture = await PersistenceFixture.StartAsync(provider, s => s.AddSingleton<IInterceptor>(commands));
        await fixture.PublishAsync(Flows.Approval("leave"));
        var started = await fixture.StartAsync("leave");
        var instance = (await fixture.Instances.FindAsync(started.Id, default))!;
        List<string> Writes() => [.. commands.Texts.SelectMany(t => t.Split(';')).Select(s => s.Trim()).Where(s => s.Length > 0)];

        commands.Texts.Clear();
        await fixture.Instances.CommitAsync(new WorkflowBurst(instance, instance.Version, [], [], [.. instance.Bookmarks.Select(b => b.Copy())]), default);

        Assert.DoesNotContain(Writes(), s => s.Contains("\"Bookmarks\"", StringComparison.Ordinal) || s.Contains("\"Tasks\"", StringComparison.Ordinal)
            || s.Contains("\"TaskParticipants\"", StringComparison.Ordinal));
        Assert.Contains(Writes(), s => s.StartsWith("UPDATE \"WorkflowInstances\"", StringComparison.Ordinal));

        var loaded = instance.Bookmarks.Select(b => b.Copy()).ToList();
        var task = instance.Bookmarks.Single(b => b.Kind == BookmarkKinds.UserTask);
        task.Payload["title"] = "复核：探亲";
        commands.Texts.Clear();
        await fixture.Instances.CommitAsync(new WorkflowBurst(instance, instance.Version, [], [], loaded), default);

        var taskUpdate = Assert.Single(Writes(), s => s.StartsWith("UPDATE \"Tasks\"", StringComparison.Ordinal));
        var set = taskUpdate[(taskUpdate.IndexOf(" SET ", StringComparison.Ordinal) + 5)..taskUpdate.IndexOf(" WHERE ", StringComparison.Ordinal)];
        Assert.Equal(["\"State\"", "\"Title\""], set.Split(", ").Select(c => c.Split(" = ")[0]).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(Writes(), s => s.StartsWith("INSERT INTO \"TaskParticipants\"", StringComparison.Ordinal) || s.StartsWith("DELETE FROM \"TaskParticipants\"", StringComparison.Ordinal));
        await using var db = fixture.Db();
        Assert.Equal("复核：探亲", (await db.Tasks.SingleAsync(t => t.InstanceId == instance.Id)).Title);
        Assert.All(await db.TaskParticipants.Where(p => p.InstanceId == instance.Id).ToListAsync(), p => Assert.StartsWith("复核：探亲", p.SearchText, StringComparison.Ordinal));
    }

    /// <summary>
    /// A burst of a kind sent before is sent the very command written for the first (only its values worked out again),
    /// and one that changes other columns gets its own; each stores its own values, also when many are sent at once.
    /// </summary>
    [SkippableTheory]
    [MemberData(nameof(PersistenceFixture.Providers), MemberType = typeof(PersistenceFixture))]
    public async Task BurstsOfOneKind_AreSentOneCommand_AndEachStoresItsOwnValues(DatabaseProvider provider)
    {
        var commands = new CommandsInTransactions();
        await using var fixture = await PersistenceFixture.StartAsync(provider, s => s.AddSingleton<IInterceptor>(commands));
        await fixture.PublishAsync(Flows.Approval("leave"));
        var matters = new List<WorkflowInstance>();
        for (var i = 0; i < 11; i++)
        {
            matters.Add((await fixture.Instances.FindAsync((await fixture.StartAsync("leave")).Id, default))!);
        }
        var title = matters[0].Bookmarks.Single(b => b.Kind == BookmarkKinds.UserTask).Payload["title"]!.GetValue<string>();

        async Task<List<string>> ChangeTaskAsync(WorkflowInstance instance, string key, string value)
        {
            var loaded = instance.Bookmarks.Select(b => b.Copy()).ToList();
            instance.Bookmarks.Single(b => b.Kind == BookmarkKinds.UserTask).Payload[key] = value;
            commands.Texts.Clear();
            await fixture.Instances.CommitAsync(new WorkflowBurst(instance, instance.Version, [], [], loaded), default);
            return [.. commands.Texts];
        }
        var retitled = await ChangeTaskAsync(matters[0], "title", "复核：探亲");
        var retitledToo = await ChangeTaskAsync(matters[1], "title", "复核：年假");
        var noted = await ChangeTaskAsync(matters[2], "note", "请补材料");

        Assert.Equal(retitled.Count, retitledToo.Count);
        Assert.All(retitled.Zip(retitledToo), pair => Assert.Same(pair.First, pair.Second));
        var taskUpdate = Assert.Single(noted.SelectMany(t => t.Split(';')).Select(s => s.Trim()), s => s.StartsWith("UPDATE \"Tasks\"", StringComparison.Ordinal));
        Assert.Equal("\"State\"", taskUpdate[(taskUpdate.IndexOf(" SET ", StringComparison.Ordinal) + 5)..taskUpdate.IndexOf(" WHERE ", StringComparison.Ordinal)].Split(" = ")[0]);
        await using var db = fixture.Db();
        var tasks = await db.Tasks.Where(t => matters.Select(m => m.Id).Contains(t.InstanceId)).ToDictionaryAsync(t => t.InstanceId);
        Assert.Equal(["复核：探亲", "复核：年假", title], matters.Take(3).Select(m => tasks[m.Id].Title));
        Assert.Contains("请补材料", tasks[matters[2].Id].State, StringComparison.Ordinal);
        Assert.DoesNotContain("请补材料", tasks[matters[1].Id].State, StringComparison.Ordinal);
        Assert.All(await db.TaskParticipants.Where(p => p.InstanceId == matters[1].Id).ToListAsync(), p => Assert.StartsWith("复核：年假", p.SearchText, StringComparison.Ordinal));

        // Eight at once, round after round, each through its own connection: the kept command is a template, not one
        // command they share (an EF command keeps the reader of its last execution).
        var together = matters.Skip(3).ToList();
        for (var round = 0; round < 10; round++)
        {
            using var go = new ManualResetEventSlim();
            var sent = together.Select((matter, i) => Task.Run(async () =>
            {
                go.Wait();
                await ChangeTaskAsync(matter, "title", $"复核：第{round}轮第{i}件");
            })).ToList();
            go.Set();
            await Task.WhenAll(sent);
            var retitledTogether = await db.Tasks.AsNoTracking().Where(t => together.Select(m => m.Id).Contains(t.InstanceId)).ToDictionaryAsync(t => t.InstanceId, t => t.Title);
            Assert.Equal(together.Select((_, i) => $"复核：第{round}轮第{i}件"), together.Select(m => retitledTogether[m.Id]));
        }
    }

    /// <summary>
    /// The commit does not read the instance's timer rows first: it adds what the open bookmarks plan, moves a row whose
    /// due time changed, deletes what nothing plans any more, and tells the follow-ups only of rows added or moved.
    /// </summary>
    [SkippableTheory]
    [MemberData(nameof(PersistenceFixture.Providers), MemberType = typeof(PersistenceFixture))]
    public async Task TimerRows_FollowWhatTheBookmarksPlan_AndTheFollowUpsHearOnlyRowsAddedOrMoved(DatabaseProvider provider)
    {
        var heard = new HeardTimers();
        await using var fixture = await PersistenceFixture.StartAsync(provider, s => s.AddSingleton<ICommitFollowUp>(heard));
        await fixture.PublishAsync(Flows.Approval("leave"));
        var instance = await fixture.StartAsync("leave");
        var first = new DateTimeOffset(2025, 9, 29, 9, 0, 0, TimeSpan.FromHours(8));
        var wait = new Bookmark { Id = "wait-1", ActivityId = "wait", ActivityType = "Delay", Kind = BookmarkKinds.Timer, CreatedAt = first.AddDays(-1), DueAt = first };
        async Task CommitAsync((string Id, DateTimeOffset DueAt)[] stored, (string Id, DateTimeOffset DueAt)[] added)
        {
            heard.Rows.Clear();
            await fixture.Instances.CommitAsync(new WorkflowBurst(instance, instance.Version, [], []), default);
            await using var db = fixture.Db();
            var rows = await db.Timers.Where(t => t.InstanceId == instance.Id).Select(t => new { t.Id, t.DueAt }).ToListAsync();
            Assert.Equal(stored, rows.Select(t => (t.Id, t.DueAt)));
            Assert.Equal(added, heard.Rows.Select(t => (t.Id, t.DueAt)));
        }

        instance.Bookmarks.Add(wait);
        await CommitAsync(stored: [("wait-1.wake", first)], added: [("wait-1.wake", first)]);
        await CommitAsync(stored: [("wait-1.wake", first)], added: []);
        wait.DueAt = first.AddHours(2);
        await CommitAsync(stored: [("wait-1.wake", first.AddHours(2))], added: [("wait-1.wake", first.AddHours(2))]);
        instance.Bookmarks.Remove(wait);
        await CommitAsync(stored: [], added: []);
    }

    private sealed class HeardTimers : ICommitFollowUp
    {
        public List<Timers.TimerRecord> Rows { get; } = [];

        public void Committed(string instanceId, IReadOnlyList<Timers.TimerRecord> timers, IReadOnlyList<OutboxMessage> messages, IReadOnlySet<string> reached) =>
            Rows.AddRange(timers);
    }

    [SkippableTheory]
    [MemberData(nameof(PersistenceFixture.Providers), MemberType = typeof(PersistenceFixture))]
    public async Task Bookmarks_CanBeQueriedByKindAndDueDate(DatabaseProvider provider)
    {
        await using var fixture = await PersistenceFixture.StartAsync(provider);
        await fixture.PublishAsync(Flows.Approval("leave"));
        var started = await fixture.StartAsync("leave");
        var open = started.Bookmarks.Single();
        var dueAt = new DateTimeOffset(2025, 9, 29, 17, 0, 0, TimeSpan.FromHours(8));
        open.Kind = BookmarkKinds.Timer;
        open.DueAt = dueAt;
        await fixture.Instances.CommitAsync(new WorkflowBurst(started, started.Version, [], []), default);

        await using var db = fixture.Db();
        var due = await db.Bookmarks.Where(b => b.Kind == BookmarkKinds.Timer && b.DueAt <= dueAt.AddMinutes(1)).OrderBy(b => b.DueAt).ToListAsync();
        var notYet = await db.Bookmarks.CountAsync(b => b.Kind == BookmarkKinds.Timer && b.DueAt < dueAt.AddMinutes(-1));

        Assert.Equal(dueAt, Assert.Single(due).DueAt);
        Assert.Equal(0, notYet);
    }

    private static async Task<(WorkflowInstance? Instance, Exception? Error)> Settle(Task<WorkflowInstance> attempt)
    {
        try
        {
            return (await attempt, null);
        }
        catch (Exception ex)
        {
            return (null, ex);
        }
    }
}
