using System.Text.Json.Nodes;
using Workflows.Core.Runtime;
using static Workflows.Core.Tests.Flow;

namespace Workflows.Core.Tests.Activities;

public sealed class FlowActivityTests
{
    private readonly EngineFixture _fixture = new();

    [Fact]
    public async Task End_CompletesInstanceWithResult()
    {
        _fixture.Publish(new Flow("end").Start().End("end", "approved").Connect("start", "end").Build());

        var instance = await _fixture.StartAsync("end");

        Assert.Equal(WorkflowStatus.Completed, instance.Status);
        Assert.Equal("approved", instance.Result!.GetValue<string>());
        Assert.NotNull(instance.FinishedAt);
    }

    [Fact]
    public async Task End_CancelsOpenWorkOnOtherBranches()
    {
        _fixture.Publish(new Flow("end-cancels").Start()
            .Activity("fork", "Fork", ("branches", Lit(new JsonArray("a", "b"))))
            .Task("waiting", "ok").End("end", "early")
            .Connect("start", "fork").Connect("fork", "waiting", "a").Connect("fork", "end", "b").Build());

        var instance = await _fixture.StartAsync("end-cancels");

        Assert.Equal(WorkflowStatus.Completed, instance.Status);
        Assert.Empty(instance.Bookmarks);
        var journal = await _fixture.JournalAsync(instance.Id);
        Assert.Contains(journal, e => e.Event == JournalEvents.ActivityCancelled && e.ActivityId == "waiting");
    }

    [Theory]
    [InlineData(5, "big")]
    [InlineData(1, "small")]
    public async Task Decision_FollowsTrueOrFalseByCondition(int amount, string expected)
    {
        _fixture.Publish(new Flow("decision").Input("amount", "number").Start()
            .Activity("check", "Decision", ("condition", Js("input.amount > 3")))
            .End("big", "big").End("small", "small")
            .Connect("start", "check").Connect("check", "big", "True").Connect("check", "small", "False").Build());

        var instance = await _fixture.StartAsync("decision", new JsonObject { ["amount"] = amount });

        Assert.Equal(expected, instance.Result!.GetValue<string>());
    }

    [Theory]
    [InlineData("district", "leader")]
    [InlineData("bureau", "office")]
    [InlineData("other", "fallback")]
    public async Task Switch_TakesFirstMatchingCaseElseDefault(string level, string expected)
    {
        var cases = new JsonArray(
            new JsonObject { ["name"] = "leader", ["condition"] = new JsonObject { ["type"] = "JavaScript", ["value"] = "input.level === 'district'" } },
            new JsonObject { ["name"] = "office", ["condition"] = new JsonObject { ["type"] = "JavaScript", ["value"] = "input.level === 'bureau'" } });
        _fixture.Publish(new Flow("switch").Input("level").Start()
            .Activity("route", "Switch", ("cases", Lit(cases)))
            .End("leader", "leader").End("office", "office").End("fallback", "fallback")
            .Connect("start", "route").Connect("route", "leader", "leader").Connect("route", "office", "office")
            .Connect("route", "fallback", "Default").Build());

        var instance = await _fixture.StartAsync("switch", new JsonObject { ["level"] = level });

        Assert.Equal(expected, instance.Result!.GetValue<string>());
    }

    [Fact]
    public async Task Fork_StartsEveryBranch()
    {
        _fixture.Publish(new Flow("fork").Start()
            .Activity("fork", "Fork", ("branches", Lit(new JsonArray("legal", "finance"))))
            .Task("legal", "ok").Task("finance", "ok")
            .Connect("start", "fork").Connect("fork", "legal", "legal").Connect("fork", "finance", "finance").Build());

        var instance = await _fixture.StartAsync("fork");

        Assert.Equal(["finance", "legal"], instance.Bookmarks.Select(b => b.ActivityId).Order());
    }

    [Fact]
    public async Task SetVariable_StoresEvaluatedValueForLaterExpressions()
    {
        _fixture.Publish(new Flow("vars").Variable("round", 0).Start()
            .Activity("inc", "SetVariable", ("variable", Lit("round")), ("value", Js("variables.round + 1")))
            .Activity("result", "End", ("result", Liquid("round {{ variables.round }}")))
            .Connect("start", "inc").Connect("inc", "result").Build());

        var instance = await _fixture.StartAsync("vars");

        Assert.Equal(1, instance.Variables["round"]!.GetValue<int>());
        Assert.Equal("round 1", instance.Result!.GetValue<string>());
    }

    [Fact]
    public async Task Start_WithoutRequiredInput_IsRefusedNamingEachInput()
    {
        _fixture.Publish(new Flow("inputs").Input("policyTitle").Input("pages", "number").Input("letter", "file")
            .Start().End().Connect("start", "end").Build());

        var error = await Assert.ThrowsAsync<WorkflowInputException>(() =>
            _fixture.StartAsync("inputs", new JsonObject { ["pages"] = "many", ["letter"] = "att-1" }));

        Assert.Equal(["pages", "policyTitle"], error.Errors.Select(e => e.Name).Order());
        Assert.Contains("number", error.Errors.Single(e => e.Name == "pages").Message);
    }

    [Fact]
    public async Task Start_UnknownDefinition_IsRefused()
    {
        var error = await Assert.ThrowsAsync<WorkflowCommandException>(() => _fixture.StartAsync("missing"));

        Assert.Equal(ErrorCodes.DefinitionNotFound, error.Code);
        Assert.Contains("missing", error.Message);
    }
}
