using System.Text.Json.Nodes;
using Workflows.Core.Runtime;
using Workflows.Core.Tasks;
using static Workflows.Core.Tests.Flow;

namespace Workflows.Core.Tests.Tasks;

public sealed class DelegationTests
{
    private readonly EngineFixture _fixture = new();
    private WorkflowInstance _instance = null!;

    private async Task StartAsync(string mode, params string[] users)
    {
        _fixture.Publish(new Flow("delegation").Start()
            .Activity("sign", "UserTask", ("title", Lit("审核")), ("mode", Lit(mode)),
                ("assignTo", Lit(new JsonObject { ["users"] = new JsonArray([.. users.Select(u => (JsonNode)u)]) })),
                ("outcomes", Lit(new JsonArray(new JsonObject { ["name"] = "agree" }, new JsonObject { ["name"] = "reject" }))))
            .End("agreed", "agreed").End("rejected", "rejected")
            .Connect("start", "sign").Connect("sign", "agreed", "agree").Connect("sign", "rejected", "reject").Build());
        _instance = await _fixture.StartAsync("delegation");
    }

    private TaskState Task => TaskState.Read(EngineFixture.TaskOf(_instance, "sign"));

    private async Task ActAsync(string actor, string action, string? userName = null, string outcome = "agree") =>
        _instance = await _fixture.Engine.ResumeAsync(_instance.Id, EngineFixture.TaskOf(_instance, "sign").Id,
            new ResumeRequest { Action = action, Actor = actor, UserName = userName, Outcome = outcome, Comment = "请处理" });

    [Fact]
    public async Task DelegateChain_MovesTheTaskAndKeepsTheOriginalAssigneeOnRecord()
    {
        await StartAsync(TaskModes.Single, "expert1");

        await ActAsync("expert1", TaskActions.Delegate, "expert2");
        await ActAsync("expert2", TaskActions.Delegate, "expert3");
        var formerAssignee = await Assert.ThrowsAsync<WorkflowCommandException>(() => ActAsync("expert1", TaskActions.Complete));
        Assert.Equal(ErrorCodes.NotYourTask, formerAssignee.Code);
        var signer = Assert.Single(Task.Signers);
        Assert.Equal(("expert3", "expert1"), (signer.UserName, signer.DelegatedFrom));

        await ActAsync("expert3", TaskActions.Complete);

        Assert.Equal(WorkflowStatus.Completed, _instance.Status);
        var journal = await _fixture.JournalAsync(_instance.Id);
        var delegations = journal.Where(e => e.Event == JournalEvents.TaskDelegated).ToList();
        Assert.Equal(["expert1→expert2", "expert2→expert3"], delegations.Select(e => $"{e.Data!["from"]}→{e.Data!["to"]}"));
        Assert.All(delegations, e => Assert.Equal("expert1", e.Data!["originalAssignee"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Delegate_ToSomeoneWhoDoesNotExist_IsRefused()
    {
        await StartAsync(TaskModes.Single, "expert1");

        var error = await Assert.ThrowsAsync<WorkflowCommandException>(() => ActAsync("expert1", TaskActions.Delegate, "ghost"));

        Assert.Equal(ErrorCodes.UnknownUser, error.Code);
        Assert.Contains("ghost", error.Message);
    }

    [Fact]
    public async Task AddSigner_TheTaskThenNeedsTheAddedSignersCompletionToo()
    {
        await StartAsync(TaskModes.Single, "expert1");

        await ActAsync("expert1", TaskActions.AddSigner, "expert2");
        await ActAsync("expert2", TaskActions.AddSigner, "expert3");
        await ActAsync("expert1", TaskActions.Complete);
        Assert.Equal(WorkflowStatus.Running, _instance.Status);
        await ActAsync("expert3", TaskActions.Complete);
        Assert.Equal(WorkflowStatus.Running, _instance.Status);
        await ActAsync("expert2", TaskActions.Complete);

        Assert.Equal("agreed", _instance.Result!.GetValue<string>());
        var journal = await _fixture.JournalAsync(_instance.Id);
        Assert.Equal(["expert1+expert2", "expert2+expert3"],
            journal.Where(e => e.Event == JournalEvents.SignerAdded).Select(e => $"{e.Data!["addedBy"]}+{e.Data!["userName"]}"));
    }

    [Fact]
    public async Task AddSigner_InSequentialMode_SignsRightAfterWhoAddedThem()
    {
        await StartAsync(TaskModes.Sequential, "expert1", "expert3");

        await ActAsync("expert1", TaskActions.AddSigner, "expert2");

        Assert.Equal(["expert1", "expert2", "expert3"], Task.Signers.Select(s => s.UserName));
    }

    [Fact]
    public async Task Urge_EmailsWhoeverMustActAtMostOnceAnHour()
    {
        await StartAsync(TaskModes.All, "expert1", "expert2");

        await _fixture.Engine.UrgeAsync(_instance.Id, "starter", "请尽快审核");
        var again = await Assert.ThrowsAsync<WorkflowCommandException>(() => _fixture.Engine.UrgeAsync(_instance.Id, "starter", null));
        _fixture.Clock.Advance(TimeSpan.FromMinutes(61));
        await _fixture.Engine.UrgeAsync(_instance.Id, "starter", null);

        Assert.Equal(ErrorCodes.UrgeTooSoon, again.Code);
        var emails = (await _fixture.Store.GetSideEffectsAsync(_instance.Id, default)).Where(e => e.Payload["template"]?.GetValue<string>() == "reminder").ToList();
        Assert.Equal(2, emails.Count);
        Assert.Equal(["expert1", "expert2"], emails[0].Payload["to"]!["users"]!.AsArray().Select(u => u!.GetValue<string>()));
        Assert.Equal("请尽快审核", emails[0].Payload["message"]!.GetValue<string>());
    }
}

public sealed class ReturnLoopTests
{
    [Fact]
    public async Task ReturnOutcome_LoopsBackAndCreatesANewTaskForTheDrafter_ThenReviewAgain()
    {
        var fixture = new EngineFixture();
        var outcomes = new JsonArray(new JsonObject { ["name"] = "approve" }, new JsonObject { ["name"] = "return", ["requiresComment"] = true });
        fixture.Publish(new Flow("return-loop").Variable("round", 0).Start()
            .Activity("review", "UserTask", ("title", Lit("审查")), ("assignTo", Lit(new JsonObject { ["users"] = new JsonArray("expert1") })), ("outcomes", Lit(outcomes)))
            .Activity("revise", "UserTask", ("title", Liquid("补正：{{ lastTask.comment }}")), ("assignTo", Lit(new JsonObject { ["starter"] = true })),
                ("outcomes", Lit(new JsonArray(new JsonObject { ["name"] = "resubmit" }))))
            .Activity("count", "SetVariable", ("variable", Lit("round")), ("value", Js("variables.round + 1")))
            .End("done", "approved")
            .Connect("start", "review").Connect("review", "done", "approve").Connect("review", "count", "return")
            .Connect("count", "revise").Connect("revise", "review", "resubmit").Build());
        var instance = await fixture.StartAsync("return-loop", actor: "drafter1");

        instance = await fixture.CompleteAsync(instance, "review", "return", actor: "expert1", comment: "缺少起草说明");
        Assert.True(instance.Status == WorkflowStatus.Running, string.Join("; ", instance.Incidents.Select(i => i.Message)));
        var revise = TaskState.Read(EngineFixture.TaskOf(instance, "revise"));
        Assert.Equal(["drafter1"], revise.Signers.Select(s => s.UserName));
        Assert.Equal("补正：缺少起草说明", revise.Title);

        instance = await fixture.CompleteAsync(instance, "revise", "resubmit", actor: "drafter1");
        var secondReview = EngineFixture.TaskOf(instance, "review");
        instance = await fixture.CompleteAsync(instance, "review", "approve", actor: "expert1");

        Assert.Equal(WorkflowStatus.Completed, instance.Status);
        Assert.Equal(1, instance.Variables["round"]!.GetValue<int>());
        var journal = await fixture.JournalAsync(instance.Id);
        Assert.Equal(2, journal.Count(e => e.Event == JournalEvents.ActivitySuspended && e.ActivityId == "review"));
        Assert.Contains(journal, e => e.Event == JournalEvents.ActivityResumed && e.Data!["bookmarkId"]!.GetValue<string>() == secondReview.Id);
    }
}
