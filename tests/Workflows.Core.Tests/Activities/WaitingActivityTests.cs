using System.Text.Json.Nodes;
using Workflows.Core.Runtime;
using Workflows.Core.Tests.Validation;
using static Workflows.Core.Tests.Flow;

namespace Workflows.Core.Tests.Activities;

public sealed class WaitingActivityTests
{
    private readonly EngineFixture _fixture = new();

    [Fact]
    public async Task UserTask_SuspendsWithEvaluatedTaskAndContinuesOnChosenOutcome()
    {
        _fixture.Publish(new Flow("task").Input("policyTitle").Start()
            .Activity("intake", "UserTask",
                ("title", Liquid("受理：{{ input.policyTitle }}")),
                ("assignTo", Lit(new JsonObject { ["roles"] = new JsonArray("reviewer") })),
                ("mode", Lit("any")),
                ("outcomes", Lit(new JsonArray(
                    new JsonObject { ["name"] = "accept", ["label"] = "受理" },
                    new JsonObject { ["name"] = "incomplete", ["requiresComment"] = true }))),
                ("due", Lit(new JsonObject { ["workingDays"] = 5, ["hardWorkingDays"] = 7 })))
            .End("accepted", "accepted").End("returned", "returned")
            .Connect("start", "intake").Connect("intake", "accepted", "accept").Connect("intake", "returned", "incomplete").Build());

        var instance = await _fixture.StartAsync("task", new JsonObject { ["policyTitle"] = "养老政策" });
        var task = EngineFixture.TaskOf(instance, "intake");

        Assert.Equal(BookmarkKinds.UserTask, task.Kind);
        Assert.Equal("受理：养老政策", task.Payload["title"]!.GetValue<string>());
        Assert.Equal("any", task.Payload["mode"]!.GetValue<string>());
        Assert.Equal(5, task.Payload["settings"]!["due"]!["workingDays"]!.GetValue<int>());
        Assert.Equal(["reviewer"], task.Payload["candidateRoles"]!.AsArray().Select(r => r!.GetValue<string>()));

        var done = await _fixture.CompleteAsync(instance, "intake", "incomplete", actor: "clerk", comment: "缺少起草说明");

        Assert.Equal("returned", done.Result!.GetValue<string>());
        Assert.Equal("clerk", done.LastTask!["actor"]!.GetValue<string>());
        Assert.Equal("缺少起草说明", done.LastTask!["comment"]!.GetValue<string>());
        var journal = await _fixture.JournalAsync(done.Id);
        var resumed = Assert.Single(journal, e => e.Event == JournalEvents.ActivityResumed);
        Assert.Equal(("intake", "incomplete", "clerk"), (resumed.ActivityId, resumed.Outcome, resumed.Actor));
    }

    [Fact]
    public async Task UserTask_LeftUntitled_ShowsItsStepName_OrItsIdWhenUnnamed()
    {
        var definition = new Flow("untitled").Start()
            .Activity("head", "UserTask", ("assignTo", Lit(new JsonObject { ["users"] = new JsonArray("li") })),
                ("outcomes", Lit(new JsonArray(new JsonObject { ["name"] = "ok" }))))
            .Activity("office", "UserTask", ("title", Lit("  ")), ("assignTo", Lit(new JsonObject { ["users"] = new JsonArray("li") })),
                ("outcomes", Lit(new JsonArray(new JsonObject { ["name"] = "ok" }))))
            .Activity("file", "UserTask", ("title", Lit("")), ("assignTo", Lit(new JsonObject { ["users"] = new JsonArray("li") })),
                ("outcomes", Lit(new JsonArray(new JsonObject { ["name"] = "ok" }))))
            .End().Connect("start", "head").Connect("head", "office", "ok").Connect("office", "file", "ok").Connect("file", "end", "ok").Build();
        definition.Activity("head").Name = "科长审批";
        definition.Activity("office").Name = "办公室核稿";
        _fixture.Publish(definition);

        var instance = await _fixture.StartAsync("untitled");
        Assert.Equal("科长审批", EngineFixture.TaskOf(instance, "head").Payload["title"]!.GetValue<string>());
        instance = await _fixture.CompleteAsync(instance, "head", "ok", actor: "li");
        Assert.Equal("办公室核稿", EngineFixture.TaskOf(instance, "office").Payload["title"]!.GetValue<string>());
        instance = await _fixture.CompleteAsync(instance, "office", "ok", actor: "li");
        Assert.Equal("file", EngineFixture.TaskOf(instance, "file").Payload["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task UserTask_RefusesUnknownOutcomeAndMissingComment_WithoutChangingState()
    {
        _fixture.Publish(new Flow("refuse").Start()
            .Activity("review", "UserTask", ("title", Lit("审查")), ("assignTo", Lit(new JsonObject { ["users"] = new JsonArray("li") })),
                ("outcomes", Lit(new JsonArray(new JsonObject { ["name"] = "ok" }, new JsonObject { ["name"] = "return", ["requiresComment"] = true }))))
            .End().Connect("start", "review").Connect("review", "end", "ok").Connect("review", "end", "return").Build());
        var instance = await _fixture.StartAsync("refuse");

        var unknown = await Assert.ThrowsAsync<WorkflowCommandException>(() => _fixture.CompleteAsync(instance, "review", "maybe"));
        var noComment = await Assert.ThrowsAsync<WorkflowCommandException>(() => _fixture.CompleteAsync(instance, "review", "return"));

        Assert.Equal(ErrorCodes.UnknownOutcome, unknown.Code);
        Assert.Contains("maybe", unknown.Message);
        Assert.Equal(ErrorCodes.CommentRequired, noComment.Code);
        var stored = await _fixture.Store.FindAsync(instance.Id, default);
        Assert.Equal(instance.Version, stored!.Version);
        Assert.Single(stored.Bookmarks);
    }

    [Fact]
    public async Task UserTask_ChecksFormDataAgainstFields()
    {
        var form = new JsonObject { ["fields"] = new JsonArray(new JsonObject { ["name"] = "opinion", ["type"] = "textarea", ["required"] = true }) };
        _fixture.Publish(new Flow("form").Start()
            .Activity("review", "UserTask", ("title", Lit("审查")), ("assignTo", Lit(new JsonObject { ["users"] = new JsonArray("li") })),
                ("outcomes", Lit(new JsonArray(new JsonObject { ["name"] = "ok" }))), ("form", Lit(form)))
            .End().Connect("start", "review").Connect("review", "end", "ok").Build());
        var instance = await _fixture.StartAsync("form");
        var bookmark = EngineFixture.TaskOf(instance, "review");

        var error = await Assert.ThrowsAsync<WorkflowInputException>(() =>
            _fixture.Engine.ResumeAsync(instance.Id, bookmark.Id, new ResumeRequest { Outcome = "ok", Data = [] }));
        var done = await _fixture.Engine.ResumeAsync(instance.Id, bookmark.Id,
            new ResumeRequest { Outcome = "ok", Data = new JsonObject { ["opinion"] = "同意" } });

        Assert.Equal("opinion", Assert.Single(error.Errors).Name);
        Assert.Equal("同意", done.LastTask!["data"]!["opinion"]!.GetValue<string>());
    }

    [Fact]
    public async Task Delay_WaitsForItsTimerAndRefusesToFireEarly()
    {
        _fixture.Publish(new Flow("delay").Start().Activity("wait", "Delay", ("duration", Lit("PT2H"))).End()
            .Connect("start", "wait").Connect("wait", "end").Build());
        var instance = await _fixture.StartAsync("delay");
        var timer = EngineFixture.TaskOf(instance, "wait");

        Assert.Equal(_fixture.Clock.GetUtcNow().AddHours(2), timer.DueAt);
        var early = await Assert.ThrowsAsync<WorkflowCommandException>(() =>
            _fixture.Engine.ResumeAsync(instance.Id, timer.Id, new ResumeRequest()));
        _fixture.Clock.Advance(TimeSpan.FromHours(2));
        var done = await _fixture.Engine.ResumeAsync(instance.Id, timer.Id, new ResumeRequest());

        Assert.Equal(ErrorCodes.TimerNotDue, early.Code);
        Assert.Equal(WorkflowStatus.Completed, done.Status);
    }

    [Fact]
    public async Task Delay_InWorkingDays_SkipsTheWeekend()
    {
        // Friday 2025-09-26 09:00 in Beijing; 1 working day later on Monday–Friday is Monday 09:00.
        _fixture.Publish(new Flow("delay-wd").Start().Activity("wait", "Delay", ("workingDays", Lit(1))).End()
            .Connect("start", "wait").Connect("wait", "end").Build());

        var instance = await _fixture.StartAsync("delay-wd");

        Assert.Equal(new DateTimeOffset(2025, 9, 29, 9, 0, 0, TimeSpan.FromHours(8)), EngineFixture.TaskOf(instance, "wait").DueAt);
    }

    [Fact]
    public async Task WaitSignal_ResumesOnItsSignalAndKeepsPayload()
    {
        _fixture.Publish(new Flow("signal").Start()
            .Activity("wait", "WaitSignal", ("signal", Lit("inspection-passed")), ("variable", Lit("report"))).End()
            .Connect("start", "wait").Connect("wait", "end").Build());
        var instance = await _fixture.StartAsync("signal");

        var wrong = await Assert.ThrowsAsync<WorkflowCommandException>(() =>
            _fixture.Engine.SignalAsync(instance.Id, "other", null, "system"));
        var done = await _fixture.Engine.SignalAsync(instance.Id, "inspection-passed", new JsonObject { ["score"] = 95 }, "fire-brigade");

        Assert.Equal(ErrorCodes.SignalNotAwaited, wrong.Code);
        Assert.Equal(WorkflowStatus.Completed, done.Status);
        Assert.Equal(95, done.Variables["report"]!["score"]!.GetValue<int>());
    }
}
