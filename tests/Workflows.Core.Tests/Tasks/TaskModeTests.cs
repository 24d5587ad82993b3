using System.Text.Json.Nodes;
using Workflows.Core.Runtime;
using Workflows.Core.Tasks;
using static Workflows.Core.Tests.Flow;

namespace Workflows.Core.Tests.Tasks;

public sealed class TaskModeTests
{
    private readonly EngineFixture _fixture = new();

    private WorkflowInstance Instance { get; set; } = null!;

    private async Task StartAsync(string mode, JsonNode assignTo, string? consensus = null)
    {
        var inputs = new List<(string, Workflows.Core.Definitions.ExpressionDefinition)>
        {
            ("title", Lit("会签")), ("assignTo", Lit(assignTo)), ("mode", Lit(mode)),
            ("outcomes", Lit(new JsonArray(new JsonObject { ["name"] = "agree" }, new JsonObject { ["name"] = "reject", ["requiresComment"] = true }))),
        };
        if (consensus is not null)
        {
            inputs.Add(("consensus", Lit(consensus)));
        }
        _fixture.Publish(new Flow($"modes-{mode}").Start().Activity("sign", "UserTask", [.. inputs])
            .End("agreed", "agreed").End("rejected", "rejected")
            .Connect("start", "sign").Connect("sign", "agreed", "agree").Connect("sign", "rejected", "reject").Build());
        Instance = await _fixture.StartAsync($"modes-{mode}");
    }

    private static JsonObject Users(params string[] names) => new() { ["users"] = new JsonArray([.. names.Select(n => (JsonNode)n)]) };

    private TaskState Task => TaskState.Read(EngineFixture.TaskOf(Instance, "sign"));

    private async Task ActAsync(string actor, string outcome = "agree", string? comment = null, string action = TaskActions.Complete, string? userName = null) =>
        Instance = await _fixture.Engine.ResumeAsync(Instance.Id, EngineFixture.TaskOf(Instance, "sign").Id,
            new ResumeRequest { Action = action, Actor = actor, Outcome = outcome, Comment = comment, UserName = userName });

    private async Task<WorkflowCommandException> RefusedAsync(string actor, string outcome = "agree", string action = TaskActions.Complete, string? userName = null) =>
        await Assert.ThrowsAsync<WorkflowCommandException>(() => ActAsync(actor, outcome, "理由", action, userName));

    [Fact]
    public async Task Single_OnlyTheAssigneeMayComplete()
    {
        await StartAsync(TaskModes.Single, Users("expert1"));

        var other = await RefusedAsync("expert2");
        await ActAsync("expert1");

        Assert.Equal(ErrorCodes.NotYourTask, other.Code);
        Assert.Equal("agreed", Instance.Result!.GetValue<string>());
    }

    [Fact]
    public async Task Any_FirstCompletionEndsItForEveryone()
    {
        await StartAsync(TaskModes.Any, Users("expert1", "expert2", "expert3"));
        var taskId = EngineFixture.TaskOf(Instance, "sign").Id;

        await ActAsync("expert2");

        Assert.Equal(WorkflowStatus.Completed, Instance.Status);
        var late = await Assert.ThrowsAsync<WorkflowCommandException>(() =>
            _fixture.Engine.ResumeAsync(Instance.Id, taskId, new ResumeRequest { Actor = "expert1", Outcome = "agree" }));
        Assert.Equal(ErrorCodes.InstanceNotRunning, late.Code);
    }

    [Fact]
    public async Task All_WaitsForEverySignerAndAnyRejectionRejects()
    {
        await StartAsync(TaskModes.All, Users("expert1", "expert2", "expert3"));

        await ActAsync("expert1");
        await ActAsync("expert3", "reject", "数据不足");
        Assert.Equal(["expert2"], Task.ActiveSigners.Select(s => s.UserName));
        var twice = await RefusedAsync("expert1");
        await ActAsync("expert2");

        Assert.Equal(ErrorCodes.NotYourTask, twice.Code);
        Assert.Equal("rejected", Instance.Result!.GetValue<string>());
        var signatures = Instance.LastTask!["signatures"]!.AsArray();
        Assert.Equal(["expert1:agree", "expert2:agree", "expert3:reject"],
            signatures.Select(s => $"{s!["userName"]}:{s["outcome"]}"));
    }

    [Fact]
    public async Task All_WithMajority_TakesTheMostChosenOutcome()
    {
        await StartAsync(TaskModes.All, Users("expert1", "expert2", "expert3"), ConsensusRules.Majority);

        await ActAsync("expert1");
        await ActAsync("expert2", "reject", "不同意");
        await ActAsync("expert3");

        Assert.Equal("agreed", Instance.Result!.GetValue<string>());
    }

    [Fact]
    public async Task All_ExpandsRolesToTheirMembers()
    {
        await StartAsync(TaskModes.All, new JsonObject { ["roles"] = new JsonArray("expert") });

        Assert.Equal(["expert1", "expert2", "expert3"], Task.Signers.Select(s => s.UserName));
    }

    [Fact]
    public async Task Sequential_SignsInTheListedOrder()
    {
        await StartAsync(TaskModes.Sequential, Users("expert3", "expert1"));

        var early = await RefusedAsync("expert1");
        await ActAsync("expert3");
        Assert.Equal(WorkflowStatus.Running, Instance.Status);
        await ActAsync("expert1");

        Assert.Equal(ErrorCodes.NotYourTask, early.Code);
        Assert.Equal("agreed", Instance.Result!.GetValue<string>());
    }

    [Fact]
    public async Task Sequential_ARejectionEndsItAtOnce()
    {
        await StartAsync(TaskModes.Sequential, Users("expert1", "expert2"));

        await ActAsync("expert1", "reject", "不符合规定");

        Assert.Equal("rejected", Instance.Result!.GetValue<string>());
    }

    [Fact]
    public async Task RoleTask_IsClaimedByOneMemberThenOnlyTheyMayComplete()
    {
        await StartAsync(TaskModes.Single, new JsonObject { ["roles"] = new JsonArray("expert") });
        Assert.False(Task.IsClaimed);

        var outsider = await RefusedAsync("drafter1", action: TaskActions.Claim);
        await ActAsync("expert2", action: TaskActions.Claim);
        var second = await RefusedAsync("expert1", action: TaskActions.Claim);
        var notMine = await RefusedAsync("expert1");
        await ActAsync("expert2");

        Assert.Equal(ErrorCodes.NotYourTask, outsider.Code);
        Assert.Equal(ErrorCodes.AlreadyClaimed, second.Code);
        Assert.Equal(ErrorCodes.NotYourTask, notMine.Code);
        Assert.Equal("expert2", Instance.LastTask!["actor"]!.GetValue<string>());
        var journal = await _fixture.JournalAsync(Instance.Id);
        Assert.Contains(journal, e => e.Event == JournalEvents.TaskClaimed && e.Actor == "expert2");
    }

    [Fact]
    public async Task SupervisorOf_AssignsTheStartersSupervisor()
    {
        await StartAsync(TaskModes.Single, new JsonObject { ["supervisorOf"] = "starter" });

        Assert.Equal(["head"], Task.Signers.Select(s => s.UserName));
    }

    [Fact]
    public async Task Assignment_ToAnEmptyRole_FaultsWithAMessageNamingIt()
    {
        await StartAsync(TaskModes.Single, new JsonObject { ["roles"] = new JsonArray("nobody-has-this-role") });

        Assert.Equal(WorkflowStatus.Faulted, Instance.Status);
        Assert.Contains("role nobody-has-this-role has no members", Assert.Single(Instance.Incidents).Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public async Task JavaScriptAssignment_ToABlankName_FaultsInsteadOfWaitingForNobody(string blank)
    {
        // An expression that works a name out and comes to nothing, e.g. from a field the start form left optional.
        _fixture.Publish(new Flow("js-blank").Start()
            .Activity("sign", "UserTask", ("title", Lit("审核")), ("assignTo", Js($"'{blank}'")),
                ("outcomes", Lit(new JsonArray(new JsonObject { ["name"] = "agree" }))))
            .End().Connect("start", "sign").Connect("sign", "end", "agree").Build());

        Instance = await _fixture.StartAsync("js-blank");

        Assert.Equal(WorkflowStatus.Faulted, Instance.Status);
        Assert.Contains("has nobody to act on it", Assert.Single(Instance.Incidents).Message);
    }

    [Fact]
    public async Task JavaScriptAssignment_ReturnsUserNames()
    {
        _fixture.Publish(new Flow("js-assign").Input("experts", "checklist").Start()
            .Activity("sign", "UserTask", ("title", Lit("会签")), ("mode", Lit("all")), ("assignTo", Js("input.experts")),
                ("outcomes", Lit(new JsonArray(new JsonObject { ["name"] = "agree" }))))
            .End().Connect("start", "sign").Connect("sign", "end", "agree").Build());

        Instance = await _fixture.StartAsync("js-assign", new JsonObject { ["experts"] = new JsonArray("expert2", "expert3") });

        Assert.Equal(["expert2", "expert3"], Task.Signers.Select(s => s.UserName));
    }
}
