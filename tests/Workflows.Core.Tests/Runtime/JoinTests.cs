using System.Text.Json.Nodes;
using Workflows.Core.Runtime;
using static Workflows.Core.Tests.Flow;

namespace Workflows.Core.Tests.Runtime;

public sealed class JoinTests
{
    private readonly EngineFixture _fixture = new();

    /// <summary>start → fork → (legal, finance) → join(mode) → decide → (end | back to fork).</summary>
    private void PublishParallelReview(string id, string mode, bool loop = false)
    {
        var flow = new Flow(id).Start()
            .Activity("fork", "Fork", ("branches", Lit(new JsonArray("legal", "finance"))))
            .Task("legal", "ok").Task("finance", "ok")
            .Activity("join", "Join", ("mode", Lit(mode)))
            .Connect("start", "fork").Connect("fork", "legal", "legal").Connect("fork", "finance", "finance")
            .Connect("legal", "join", "ok").Connect("finance", "join", "ok");
        if (loop)
        {
            flow.Task("decide", "again", "finish").End().Connect("join", "decide").Connect("decide", "fork", "again").Connect("decide", "end", "finish");
        }
        else
        {
            flow.End().Connect("join", "end");
        }
        _fixture.Publish(flow.Build());
    }

    [Fact]
    public async Task JoinAll_WaitsForEveryBranch()
    {
        PublishParallelReview("join-all", "all");
        var instance = await _fixture.StartAsync("join-all");

        instance = await _fixture.CompleteAsync(instance, "legal", "ok");
        Assert.Equal(WorkflowStatus.Running, instance.Status);
        Assert.Equal(["finance"], instance.Bookmarks.Select(b => b.ActivityId));

        instance = await _fixture.CompleteAsync(instance, "finance", "ok");
        Assert.Equal(WorkflowStatus.Completed, instance.Status);
    }

    [Fact]
    public async Task JoinAll_InALoop_WaitsForEveryBranchAgainOnTheSecondPass()
    {
        PublishParallelReview("join-loop", "all", loop: true);
        var instance = await _fixture.StartAsync("join-loop");
        instance = await _fixture.CompleteAsync(instance, "legal", "ok");
        instance = await _fixture.CompleteAsync(instance, "finance", "ok");
        instance = await _fixture.CompleteAsync(instance, "decide", "again");

        // Second pass: one branch arriving must not release the Join on the first pass's arrivals.
        instance = await _fixture.CompleteAsync(instance, "finance", "ok");
        Assert.Equal(["legal"], instance.Bookmarks.Select(b => b.ActivityId));
        instance = await _fixture.CompleteAsync(instance, "legal", "ok");
        Assert.Equal(["decide"], instance.Bookmarks.Select(b => b.ActivityId));
        instance = await _fixture.CompleteAsync(instance, "decide", "finish");

        Assert.Equal(WorkflowStatus.Completed, instance.Status);
        var journal = await _fixture.JournalAsync(instance.Id);
        Assert.Equal(2, journal.Count(e => e.ActivityId == "join" && e.Event == JournalEvents.ActivityExecuted));
    }

    [Fact]
    public async Task JoinAny_CompletesOnFirstBranchAndCancelsTheOtherBranchTask()
    {
        PublishParallelReview("join-any", "any");
        var instance = await _fixture.StartAsync("join-any");
        var financeTask = EngineFixture.TaskOf(instance, "finance");

        instance = await _fixture.CompleteAsync(instance, "legal", "ok");

        Assert.Equal(WorkflowStatus.Completed, instance.Status);
        Assert.Empty(instance.Bookmarks);
        var journal = await _fixture.JournalAsync(instance.Id);
        var cancelled = Assert.Single(journal, e => e.Event == JournalEvents.ActivityCancelled);
        Assert.Equal("finance", cancelled.ActivityId);
        Assert.Equal(financeTask.Id, cancelled.Data!["bookmarkId"]!.GetValue<string>());
        var late = await Assert.ThrowsAsync<WorkflowCommandException>(() =>
            _fixture.Engine.ResumeAsync(instance.Id, financeTask.Id, new ResumeRequest { Outcome = "ok" }));
        Assert.Equal(ErrorCodes.InstanceNotRunning, late.Code);
    }

    [Fact]
    public async Task JoinAny_InALoop_CompletesOncePerPass()
    {
        PublishParallelReview("join-any-loop", "any", loop: true);
        var instance = await _fixture.StartAsync("join-any-loop");
        instance = await _fixture.CompleteAsync(instance, "finance", "ok");
        Assert.Equal(["decide"], instance.Bookmarks.Select(b => b.ActivityId));
        instance = await _fixture.CompleteAsync(instance, "decide", "again");
        Assert.Equal(["finance", "legal"], instance.Bookmarks.Select(b => b.ActivityId).Order());

        instance = await _fixture.CompleteAsync(instance, "legal", "ok");

        Assert.Equal(["decide"], instance.Bookmarks.Select(b => b.ActivityId));
    }
}
