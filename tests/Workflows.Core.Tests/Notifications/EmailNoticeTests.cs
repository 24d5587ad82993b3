using System.Text.Json.Nodes;
using Workflows.Core.Definitions;
using Workflows.Core.Notifications;
using Workflows.Core.Runtime;
using Workflows.Core.Tasks;
using static Workflows.Core.Tests.Flow;

namespace Workflows.Core.Tests.Notifications;

/// <summary>The e-mails the engine writes by itself into the burst's outbox: who gets which kind, and the switches.</summary>
public sealed class EmailNoticeTests
{
    private static readonly JsonArray ReviewOutcomes = new(
        new JsonObject { ["name"] = "approve", ["label"] = "同意" },
        new JsonObject { ["name"] = "return", ["label"] = "退回修改", ["requiresComment"] = true, ["returns"] = true });

    /// <summary>Start → review (offered to role expert, 抄送 li) → approve: sign (clerk) → End 已办结; return: revise (starter) → review.</summary>
    private static WorkflowDefinition Review(string mode = TaskModes.Single, JsonObject? assignTo = null) => new Flow("notices").Start()
        .Input("title", required: false)
        .Activity("review", "UserTask", ("title", Lit("专家审查")), ("mode", Lit(mode)),
            ("assignTo", Lit(assignTo ?? new JsonObject { ["roles"] = new JsonArray("expert") })),
            ("outcomes", Lit(ReviewOutcomes.DeepClone())), ("cc", Lit(new JsonObject { ["users"] = new JsonArray("li") })))
        .Activity("revise", "UserTask", ("title", Lit("修改")), ("assignTo", Lit(new JsonObject { ["starter"] = true })),
            ("outcomes", Lit(new JsonArray(new JsonObject { ["name"] = "resubmit" }))))
        .Activity("sign", "UserTask", ("title", Lit("签发")), ("assignTo", Lit(new JsonObject { ["users"] = new JsonArray("clerk") })),
            ("outcomes", Lit(new JsonArray(new JsonObject { ["name"] = "signed", ["label"] = "已签发" }))))
        .End("done", "已办结")
        .Connect("start", "review").Connect("review", "sign", "approve").Connect("review", "revise", "return")
        .Connect("revise", "review", "resubmit").Connect("sign", "done", "signed").Build();

    private static async Task<List<(string Kind, string To)>> MailAsync(EngineFixture fixture, WorkflowInstance instance) =>
        [.. (await fixture.Store.GetSideEffectsAsync(instance.Id, default))
            .Where(e => e.Kind == SideEffectKinds.Email)
            .SelectMany(e => e.Payload["to"]!["users"]!.AsArray().Select(u => (e.Payload["template"]!.GetValue<string>(), u!.GetValue<string>())))];

    private static Task<WorkflowInstance> ActAsync(EngineFixture fixture, WorkflowInstance instance, string activityId, string actor, string action,
        string? outcome = null, string? userName = null, string? comment = null) =>
        fixture.Engine.ResumeAsync(instance.Id, EngineFixture.TaskOf(instance, activityId).Id,
            new ResumeRequest { Action = action, Actor = actor, Outcome = outcome, UserName = userName, Comment = comment });

    [Fact]
    public async Task NewTask_MailsEveryoneItIsOfferedTo_ButNotWhoeverCreatedIt()
    {
        var fixture = new EngineFixture();
        fixture.Publish(Review());

        var instance = await fixture.StartAsync("notices", new JsonObject { ["title"] = "控烟办法" }, actor: "expert2");

        Assert.Equal([(MessageKinds.TaskAssigned, "expert1"), (MessageKinds.TaskAssigned, "expert3")], await MailAsync(fixture, instance));
        var message = (await fixture.Store.GetSideEffectsAsync(instance.Id, default)).Single().Payload;
        Assert.Equal((EngineFixture.TaskOf(instance, "review").Id, "控烟办法", "专家审查"),
            (message["taskId"]!.GetValue<string>(), message["matter"]!.GetValue<string>(), message["title"]!.GetValue<string>()));
    }

    [Fact]
    public async Task DelegatingAndAddingASigner_MailTheNewPerson_AndASequentialSignerWhenTheirTurnComes()
    {
        var fixture = new EngineFixture();
        fixture.Publish(Review(TaskModes.Sequential, new JsonObject { ["users"] = new JsonArray("expert1", "expert2") }));
        var instance = await fixture.StartAsync("notices");

        instance = await ActAsync(fixture, instance, "review", "expert1", TaskActions.Delegate, userName: "a");
        instance = await ActAsync(fixture, instance, "review", "a", TaskActions.AddSigner, userName: "b");
        var beforeTurns = await MailAsync(fixture, instance);
        instance = await ActAsync(fixture, instance, "review", "a", TaskActions.Complete, "approve");

        Assert.Equal([(MessageKinds.TaskAssigned, "expert1"), (MessageKinds.TaskAssigned, "a")], beforeTurns);
        Assert.Equal((MessageKinds.TaskAssigned, "b"), (await MailAsync(fixture, instance)).Last());
    }

    [Fact]
    public async Task ReturningOutcome_MailsTheStarterTheReason_InsteadOfAStepCompletedMessage()
    {
        var fixture = new EngineFixture();
        fixture.Publish(Review());
        var instance = await fixture.StartAsync("notices");
        var before = (await fixture.Store.GetSideEffectsAsync(instance.Id, default)).Count;

        instance = await ActAsync(fixture, instance, "review", "expert1", TaskActions.Complete, "return", comment: "第五条需明确");

        var effects = (await fixture.Store.GetSideEffectsAsync(instance.Id, default)).Skip(before).Where(e => e.Kind == SideEffectKinds.Email).ToList();
        Assert.Equal([MessageKinds.Returned, MessageKinds.Cc, MessageKinds.TaskAssigned], effects.Select(e => e.Payload["template"]!.GetValue<string>()));
        var returned = effects[0].Payload;
        Assert.Equal(("starter", "第五条需明确", "退回修改", "expert1"),
            (returned["to"]!["users"]![0]!.GetValue<string>(), returned["message"]!.GetValue<string>(), returned["outcome"]!.GetValue<string>(), returned["actor"]!.GetValue<string>()));
        Assert.Null(returned["taskId"]);
        Assert.Equal("li", effects[1].Payload["to"]!["users"]![0]!.GetValue<string>());
        Assert.Equal("starter", effects[2].Payload["to"]!["users"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task CompletedSteps_TellTheStarter_AndTheLastOneIsTheFinishedMessageWithTheResult()
    {
        var fixture = new EngineFixture();
        fixture.Publish(Review());
        var instance = await fixture.StartAsync("notices", new JsonObject { ["title"] = "控烟办法" });

        instance = await ActAsync(fixture, instance, "review", "expert1", TaskActions.Complete, "approve", comment: "同意");
        instance = await ActAsync(fixture, instance, "sign", "clerk", TaskActions.Complete, "signed");

        Assert.Equal(WorkflowStatus.Completed, instance.Status);
        Assert.Equal(
            [
                (MessageKinds.TaskAssigned, "expert1"), (MessageKinds.TaskAssigned, "expert2"), (MessageKinds.TaskAssigned, "expert3"),
                (MessageKinds.Completed, "starter"), (MessageKinds.Cc, "li"), (MessageKinds.TaskAssigned, "clerk"),
                (MessageKinds.InstanceFinished, "starter"),
            ],
            await MailAsync(fixture, instance));
        var finished = (await fixture.Store.GetSideEffectsAsync(instance.Id, default)).Last().Payload;
        Assert.Equal(("已办结", "控烟办法"), (finished["result"]!.GetValue<string>(), finished["matter"]!.GetValue<string>()));
    }

    [Fact]
    public async Task TheStarterActingThemselves_GetsNoMessageAboutIt()
    {
        var fixture = new EngineFixture();
        fixture.Publish(Review(assignTo: new JsonObject { ["users"] = new JsonArray("starter") }));
        var instance = await fixture.StartAsync("notices");

        instance = await ActAsync(fixture, instance, "review", "starter", TaskActions.Complete, "approve");

        Assert.Equal([(MessageKinds.Cc, "li"), (MessageKinds.TaskAssigned, "clerk")], await MailAsync(fixture, instance));
    }

    [Fact]
    public async Task KindsSwitchedOff_AreNotWritten_WhileTheOthersAre()
    {
        var fixture = new EngineFixture(engine: e => (e.Notify.TaskAssigned, e.Notify.Cc, e.Notify.InstanceFinished) = (false, false, false));
        fixture.Publish(Review());
        var instance = await fixture.StartAsync("notices");

        instance = await ActAsync(fixture, instance, "review", "expert1", TaskActions.Complete, "return", comment: "补充依据");
        instance = await ActAsync(fixture, instance, "revise", "starter", TaskActions.Complete, "resubmit");
        instance = await ActAsync(fixture, instance, "review", "expert1", TaskActions.Complete, "approve");
        instance = await ActAsync(fixture, instance, "sign", "clerk", TaskActions.Complete, "signed");

        Assert.Equal([(MessageKinds.Returned, "starter"), (MessageKinds.Completed, "starter"), (MessageKinds.Completed, "starter")],
            await MailAsync(fixture, instance));
    }

    [Theory]
    [InlineData(30, true)]
    [InlineData(61, false)]
    public async Task TheAutomaticReminder_GoesBeforeTheDueDate_NotOnceTheTaskIsOverdue(int minutesLater, bool sent)
    {
        var fixture = new EngineFixture();
        fixture.Publish(new Flow("remind").Start()
            .Activity("review", "UserTask", ("title", Lit("审查")), ("assignTo", Lit(new JsonObject { ["users"] = new JsonArray("expert1") })),
                ("outcomes", Lit(new JsonArray(new JsonObject { ["name"] = "approve" }))), ("due", Lit("PT1H")), ("remindBefore", Lit("PT1H")))
            .End("done").Connect("start", "review").Connect("review", "done", "approve").Build());
        var instance = await fixture.StartAsync("remind");
        var task = EngineFixture.TaskOf(instance, "review");

        fixture.Clock.Advance(TimeSpan.FromMinutes(minutesLater));
        instance = await fixture.Engine.ResumeAsync(instance.Id, task.Id, TaskTimers.Request($"{task.Id}.{TaskTimers.Remind}", TaskTimers.Remind));

        Assert.Equal(sent, (await MailAsync(fixture, instance)).Contains((MessageKinds.Reminder, "expert1")));
        Assert.Equal(sent, (await fixture.JournalAsync(instance.Id)).Any(e => e.Event == JournalEvents.TaskReminded));
        Assert.DoesNotContain(TaskTimers.Plan(EngineFixture.TaskOf(instance, "review")), t => t.Action == TaskTimers.Remind);
    }
}
