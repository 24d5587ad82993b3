using System.Text.Json.Nodes;
using Workflows.Core.Runtime;
using static Workflows.Core.Tests.Flow;

namespace Workflows.Core.Tests.Tasks;

/// <summary>合并办理 through the engine API: one matter's request names others waiting at the same step, and its decision completes theirs.</summary>
public sealed class MatterBatchTests
{
    private readonly EngineFixture _fixture = new();

    public MatterBatchTests()
    {
        _fixture.Organisation.AddUser("outsider", "elsewhere", null, "drafter");
        _fixture.Publish(new Flow("closure").Input("title").Start()
            .Activity("request", "UserTask", ("title", Lit("销案请示")),
                ("assignTo", Lit(new JsonObject { ["roles"] = new JsonArray("reviewer") })),
                ("outcomes", Lit(new JsonArray(
                    new JsonObject { ["name"] = "submitted" },
                    new JsonObject { ["name"] = "closedInBatch", ["automatic"] = true }))),
                ("form", Lit(new JsonObject
                {
                    ["fields"] = new JsonArray(new JsonObject { ["name"] = "alsoClose", ["type"] = "matters", ["waitingAt"] = "request" }),
                })))
            .Activity("keep", "SetVariable", ("variable", Lit("others")), ("value", Js("(lastTask.data.alsoClose || []).map(m => m.input.title)")))
            .Activity("closeOthers", "CompleteTasks", ("matters", Js("lastTask.data.alsoClose || []")), ("activity", Lit("request")),
                ("outcome", Lit("closedInBatch")), ("comment", Liquid("与{{ input.title }}合并销案")))
            .End("closed", "已销案")
            .End("closedWithOther", "已合并销案")
            .Connect("start", "request")
            .Connect("request", "keep", "submitted").Connect("keep", "closeOthers").Connect("closeOthers", "closed")
            .Connect("request", "closedWithOther", "closedInBatch").Build());
    }

    private static JsonObject Choose(params string[] ids) => new() { ["alsoClose"] = new JsonArray([.. ids.Select(i => (JsonNode)i)]) };

    private Task<WorkflowInstance> RequestAsync(WorkflowInstance lead, JsonObject data, string actor = "reviewer") =>
        _fixture.Engine.ResumeAsync(lead.Id, EngineFixture.TaskOf(lead, "request").Id, new ResumeRequest { Outcome = "submitted", Actor = actor, Data = data });

    [Fact]
    public async Task TheRequestNamesOtherMatters_WhichAreCompletedOnItsBehalf_WithTheirTitlesKept()
    {
        var lead = await _fixture.StartAsync("closure", new JsonObject { ["title"] = "甲单位" });
        var other = await _fixture.StartAsync("closure", new JsonObject { ["title"] = "乙单位" });

        lead = await RequestAsync(lead, Choose(other.Id));

        Assert.Equal(WorkflowStatus.Completed, lead.Status);
        Assert.Equal(["乙单位"], lead.Variables["others"]!.AsArray().Select(t => t!.GetValue<string>()));
        var completion = (await _fixture.Store.GetSideEffectsAsync(lead.Id, default)).Single(e => e.Kind == SideEffectKinds.TaskCompletion);
        Assert.Equal(other.Id, completion.Payload["instanceId"]!.GetValue<string>());
        Assert.Equal("reviewer", completion.Payload["actor"]!.GetValue<string>());
        Assert.Contains(await _fixture.JournalAsync(lead.Id), e => e.Event == JournalEvents.OtherMattersCompleted);

        // What the server's dispatcher does with that request: complete the other matter's task on the lead's behalf.
        other = await _fixture.Engine.ResumeAsync(other.Id, EngineFixture.TaskOf(other, "request").Id, new ResumeRequest
        {
            Outcome = "closedInBatch",
            Actor = completion.Payload["actor"]!.GetValue<string>(),
            Comment = completion.Payload["comment"]!.GetValue<string>(),
            OnBehalfOf = lead.Id,
        });
        Assert.Equal("已合并销案", other.Result?.GetValue<string>());
        var joined = (await _fixture.JournalAsync(other.Id)).Single(e => e.Event == JournalEvents.CompletedWithOtherMatter);
        Assert.Equal(lead.Id, joined.Data!["onBehalfOf"]!.GetValue<string>());
        Assert.Equal("与甲单位合并销案", joined.Message);
    }

    [Fact]
    public async Task AMatterNotWaiting_ItselfOrOneThePersonMayNotActOn_IsRefusedNamingTheField_AndNothingChanges()
    {
        var lead = await _fixture.StartAsync("closure", new JsonObject { ["title"] = "甲单位" });
        var done = await _fixture.StartAsync("closure", new JsonObject { ["title"] = "丙单位" });
        done = await RequestAsync(done, []);

        foreach (var (data, reason) in new[]
        {
            (Choose(lead.Id), "is not another matter of this procedure"),
            (Choose("no-such-matter"), "is not another matter of this procedure"),
            (Choose(done.Id), "is Completed, not running"),
        })
        {
            var refused = await Assert.ThrowsAsync<WorkflowInputException>(() => RequestAsync(lead, data));
            Assert.Contains(refused.Errors, e => e.Name == "alsoClose" && e.Message.Contains(reason, StringComparison.Ordinal));
        }
        var reloaded = await _fixture.Store.FindAsync(lead.Id, default);
        Assert.Equal(WorkflowStatus.Running, reloaded!.Status);
        Assert.DoesNotContain(await _fixture.Store.GetSideEffectsAsync(lead.Id, default), e => e.Kind == SideEffectKinds.TaskCompletion);
    }

    [Fact]
    public async Task ThePersonMustBeAllowedToActOnTheOtherMatter()
    {
        var lead = await _fixture.StartAsync("closure", new JsonObject { ["title"] = "甲单位" });
        var other = await _fixture.StartAsync("closure", new JsonObject { ["title"] = "乙单位" });
        // The other matter's request is already claimed by someone else: the lead's person may not act on it.
        await _fixture.Engine.ResumeAsync(other.Id, EngineFixture.TaskOf(other, "request").Id, new ResumeRequest { Action = Core.Tasks.TaskActions.Claim, Actor = "clerk" });

        var refused = await Assert.ThrowsAsync<WorkflowInputException>(() => RequestAsync(lead, Choose(other.Id)));

        Assert.Contains(refused.Errors, e => e.Name == "alsoClose" && e.Message.Contains("reviewer may not act on step 'request'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnAutomaticOutcome_IsNotAPersonsToChoose()
    {
        var matter = await _fixture.StartAsync("closure", new JsonObject { ["title"] = "甲单位" });

        var refused = await Assert.ThrowsAsync<WorkflowCommandException>(() => _fixture.CompleteAsync(matter, "request", "closedInBatch"));

        Assert.Equal(ErrorCodes.UnknownOutcome, refused.Code);
        Assert.Equal(WorkflowStatus.Running, (await _fixture.Store.FindAsync(matter.Id, default))!.Status);
    }
}
