using Microsoft.Extensions.DependencyInjection;
using Workflows.Core.Runtime;

namespace Workflows.Core.Tests.Runtime;

public sealed class BurstTests
{
    private static Flow Approval(string id) =>
        new Flow(id).Start().Task("review", "approve", "reject").End("approved", "approved").End("rejected", "rejected")
            .Connect("start", "review").Connect("review", "approved", "approve").Connect("review", "rejected", "reject");

    [Fact]
    public async Task Journal_RecordsEveryStepWithTimeActivityOutcomeAndActor()
    {
        var fixture = new EngineFixture();
        fixture.Publish(Approval("journal").Build());
        var instance = await fixture.StartAsync("journal", actor: "drafter1");
        fixture.Clock.Advance(TimeSpan.FromHours(3));
        instance = await fixture.CompleteAsync(instance, "review", "approve", actor: "expert1");

        var journal = await fixture.JournalAsync(instance.Id);

        Assert.Equal(
            [JournalEvents.InstanceStarted, JournalEvents.ActivityExecuted, JournalEvents.ActivitySuspended, JournalEvents.TaskClaimed,
             JournalEvents.ActivityResumed, JournalEvents.ActivityExecuted, JournalEvents.ActivityExecuted, JournalEvents.InstanceCompleted],
            journal.Select(e => e.Event));
        Assert.Equal(Enumerable.Range(0, journal.Count).Select(i => (long)i), journal.Select(e => e.Sequence));
        Assert.Equal("drafter1", journal[0].Actor);
        Assert.Equal("expert1", journal[3].Actor);
        var resumed = journal[4];
        Assert.Equal(("review", "UserTask", "approve", "expert1"), (resumed.ActivityId, resumed.ActivityType, resumed.Outcome, resumed.Actor));
        Assert.Equal(fixture.Clock.GetUtcNow(), resumed.At);
        Assert.Equal(("approved", "End"), (journal[6].ActivityId, journal[6].ActivityType));
    }

    [Fact]
    public async Task StoreFailingDuringCommit_LeavesPreviousStateAndARetryCompletes()
    {
        var store = new FailingStore(new InMemoryWorkflowInstanceStore());
        var fixture = new EngineFixture(services => services.AddSingleton<IWorkflowInstanceStore>(store));
        fixture.Publish(Approval("crash").Build());
        var instance = await fixture.StartAsync("crash");
        var bookmark = EngineFixture.TaskOf(instance, "review");
        var request = new ResumeRequest { Outcome = "approve", Actor = "expert1" };

        store.FailNextCommit = true;
        await Assert.ThrowsAsync<IOException>(() => fixture.Engine.ResumeAsync(instance.Id, bookmark.Id, request));

        var afterCrash = await fixture.Store.FindAsync(instance.Id, default);
        Assert.Equal(WorkflowStatus.Running, afterCrash!.Status);
        Assert.Equal(instance.Version, afterCrash.Version);
        Assert.Equal(bookmark.Id, Assert.Single(afterCrash.Bookmarks).Id);
        Assert.DoesNotContain(await fixture.JournalAsync(instance.Id), e => e.Event == JournalEvents.ActivityResumed);

        var retried = await fixture.Engine.ResumeAsync(instance.Id, bookmark.Id, request);
        Assert.Equal(WorkflowStatus.Completed, retried.Status);
        Assert.Single(await fixture.JournalAsync(instance.Id), e => e.Event == JournalEvents.ActivityResumed);
    }

    [Fact]
    public async Task TwoThreadsResumingOneBookmark_ExactlyOneSucceeds()
    {
        var store = new FailingStore(new InMemoryWorkflowInstanceStore());
        var fixture = new EngineFixture(services => services.AddSingleton<IWorkflowInstanceStore>(store));
        fixture.Publish(Approval("race").Build());
        var instance = await fixture.StartAsync("race");
        var bookmark = EngineFixture.TaskOf(instance, "review");

        // Both commands load the same version before either commits, as two clerks clicking at once would.
        store.HoldCommitsUntil(2);
        var results = await Task.WhenAll(
            Attempt(() => fixture.Engine.ResumeAsync(instance.Id, bookmark.Id, new ResumeRequest { Outcome = "approve", Actor = "a" })),
            Attempt(() => fixture.Engine.ResumeAsync(instance.Id, bookmark.Id, new ResumeRequest { Outcome = "reject", Actor = "b" })));

        Assert.Single(results, r => r is null);
        Assert.IsType<WorkflowConcurrencyException>(Assert.Single(results, r => r is not null));
        var stored = await fixture.Store.FindAsync(instance.Id, default);
        Assert.Equal(WorkflowStatus.Completed, stored!.Status);
        Assert.Single(await fixture.JournalAsync(instance.Id), e => e.Event == JournalEvents.ActivityResumed);
    }

    private static async Task<Exception?> Attempt(Func<Task> command)
    {
        try
        {
            await Task.Run(command);
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    /// <summary>
    /// Wraps the real store to inject what cannot be caused for real in memory: a crash during commit, and two
    /// commits that both loaded before either saved.
    /// </summary>
    private sealed class FailingStore(IWorkflowInstanceStore inner) : IWorkflowInstanceStore
    {
        private Barrier? _barrier;

        public bool FailNextCommit { get; set; }

        public void HoldCommitsUntil(int participants) => _barrier = new Barrier(participants);

        public Task<WorkflowInstance?> FindAsync(string instanceId, CancellationToken cancellationToken) => inner.FindAsync(instanceId, cancellationToken);

        public Task CommitAsync(WorkflowBurst burst, CancellationToken cancellationToken)
        {
            if (FailNextCommit)
            {
                FailNextCommit = false;
                throw new IOException("disk gone during commit");
            }
            _barrier?.SignalAndWait(TimeSpan.FromSeconds(10));
            return inner.CommitAsync(burst, cancellationToken);
        }

        public Task<IReadOnlyList<JournalEntry>> GetJournalAsync(string instanceId, CancellationToken cancellationToken) => inner.GetJournalAsync(instanceId, cancellationToken);

        public Task<IReadOnlyList<SideEffect>> GetSideEffectsAsync(string instanceId, CancellationToken cancellationToken) => inner.GetSideEffectsAsync(instanceId, cancellationToken);
    }
}
