using System.Text.Json.Nodes;
using Workflows.Core.Definitions;
using Workflows.Core.Validation;
using static Workflows.Core.Tests.Flow;

namespace Workflows.Core.Tests.Validation;

/// <summary>Ids, activity types, Start, connections, ports, reachability and Join: each rule valid and broken.</summary>
public sealed class StructureRuleTests
{
    [Fact]
    public void TheBaseApproval_IsValid() => Validate.IsValid(Validate.Approval().Build());

    [Fact]
    public void ScheduledStartInputs()
    {
        var definition = Validate.Approval().Build();
        var start = definition.Activity("start");
        start.Type = "Cron";
        start.Inputs["cronExpression"] = ExpressionDefinition.Literal("0 9 * * 1-5");
        Validate.IsValid(definition);

        definition.Inputs.Add(new InputDefinition { Name = "title", Label = "标题", Type = FieldTypes.Text, Required = true });

        Validate.HasProblem(definition, ValidationCodes.ScheduledStartInputs, "start", ["Cron", "title", "without input"]);
    }

    [Fact]
    public void MissingDefinitionId()
    {
        Validate.IsValid(Validate.Approval("health-review").Build());

        var blank = Validate.Approval("  ").Build();

        Validate.HasProblem(blank, ValidationCodes.MissingDefinitionId, null, ["definitionId"]);
    }

    [Fact]
    public void UnknownRootType()
    {
        Validate.IsValid(Validate.Approval().Build());

        var definition = Validate.Approval().Build();
        definition.Root.Type = "Sequence";

        Validate.HasProblem(definition, ValidationCodes.UnknownRootType, null, ["'Sequence'", "'Flowchart'"]);
    }

    [Fact]
    public void MissingActivityId()
    {
        Validate.IsValid(Validate.Approval().Activity("note", "SetVariable", ("variable", Lit("x"))).Connect("start", "note").Build());

        var definition = Validate.Approval().Activity("", "SetVariable", ("variable", Lit("x"))).Build();

        Validate.HasProblem(definition, ValidationCodes.MissingActivityId, null, ["SetVariable", "no id"]);
    }

    [Fact]
    public void DuplicateActivityId()
    {
        var definition = Validate.Approval().Activity("review", "SetVariable", ("variable", Lit("x"))).Build();

        Validate.HasProblem(definition, ValidationCodes.DuplicateActivityId, "review", ["'review'", "more than one"]);
    }

    [Fact]
    public void IdTooLong()
    {
        var longest = new string('a', DefinitionLimits.MaxIdLength);
        Validate.IsValid(Validate.Approval(longest).Activity(longest, "SetVariable", ("variable", Lit("x"))).Connect("start", longest).Build());

        var tooLong = new string('b', DefinitionLimits.MaxIdLength + 1);
        var definition = Validate.Approval(tooLong).Activity(tooLong, "SetVariable", ("variable", Lit("x"))).Connect("start", tooLong).Build();

        Validate.HasProblem(definition, ValidationCodes.IdTooLong, tooLong, ["129 characters", "at most 128"],
            alsoExpected: [(ValidationCodes.IdTooLong, null)]);
    }

    [Fact]
    public void UnknownActivityType()
    {
        var definition = Validate.Approval().Build();
        definition.Activity("review").Type = "Approval";

        var problem = Validate.HasProblem(definition, ValidationCodes.UnknownActivityType, "review", ["'Approval'"]);
        // The message lists what would have been right.
        Validate.IsReadable(problem.Message, "UserTask", "Decision", "Join");
    }

    [Fact]
    public void NoStart()
    {
        var definition = new Flow("no-start").Task("review", "approve").End("done")
            .Connect("review", "done", "approve").Build();

        Validate.HasProblem(definition, ValidationCodes.NoStart, null, ["no Start"]);
    }

    [Fact]
    public void MultipleStart()
    {
        // A second Start is reachable from nowhere, so it is also reported as unreachable.
        var definition = Validate.Approval().Start("start2").Connect("start2", "review").Build();

        Validate.HasProblem(definition, ValidationCodes.MultipleStart, "start2", ["exactly one Start"],
            alsoExpected: (ValidationCodes.Unreachable, "start2"));
    }

    [Fact]
    public void ConnectionSourceMissing()
    {
        var definition = Validate.Approval().Connect("ghost", "done").Build();

        Validate.HasProblem(definition, ValidationCodes.ConnectionSourceMissing, "ghost", ["'ghost'", "does not exist"]);
    }

    [Fact]
    public void ConnectionTargetMissing()
    {
        var definition = Validate.Approval().Build();
        definition.Connection("review", "reject").Target.Activity = "ghost";

        Validate.HasProblem(definition, ValidationCodes.ConnectionTargetMissing, "review", ["'ghost'", "'review'", "does not exist"]);
    }

    [Fact]
    public void UnknownPort_DecisionOnlyHasTrueAndFalse()
    {
        static Flow Decide(string secondPort) => new Flow("decide").Start()
            .Activity("decide", "Decision", ("condition", Js("input.amount > 1000")))
            .End("big").End("small")
            .Connect("start", "decide").Connect("decide", "big", "True").Connect("decide", "small", secondPort);

        Validate.IsValid(Decide("False").Build());

        // Only the port is reported: 'small' is not flagged unreachable as well, the one mistake is named once.
        Validate.HasProblem(Decide("Maybe").Build(), ValidationCodes.UnknownPort, "decide", ["Decision 'decide'", "'Maybe'", "True, False"]);
    }

    [Fact]
    public void UnknownPort_UserTaskPortsAreItsOutcomes()
    {
        var definition = Validate.Approval().Build();
        definition.Connection("review", "reject").Source.Port = "Done";

        Validate.HasProblem(definition, ValidationCodes.UnknownPort, "review", ["'Done'", "approve, reject"]);
    }

    [Fact]
    public void UnknownPort_EndHasNoPorts()
    {
        var definition = Validate.Approval().End("after").Connect("done", "after").Build();

        Validate.HasProblem(definition, ValidationCodes.UnknownPort, "done", ["'Done'", "none"]);
    }

    [Fact]
    public void UnknownPort_SwitchPortsAreCaseNamesAndDefault()
    {
        static Flow Route(string port) => new Flow("route").Start()
            .Activity("route", "Switch", ("cases", Lit(JsonNode.Parse("""
                [ { "name": "urgent", "condition": { "type": "JavaScript", "value": "input.urgent === true" } } ]
                """))))
            .End("fast").End("slow")
            .Connect("start", "route").Connect("route", "fast", "urgent").Connect("route", "slow", port);

        Validate.IsValid(Route("Default").Build());

        Validate.HasProblem(Route("normal").Build(), ValidationCodes.UnknownPort, "route", ["'normal'", "urgent, Default"]);
    }

    [Fact]
    public void UnknownPort_ExpressionBuiltOutcomesAreOnlyKnownAtRunTime()
    {
        var definition = Validate.Approval().Build();
        definition.Activity("review").Inputs["outcomes"] = Js("[{ name: 'approve' }, { name: 'reject' }]");
        definition.Connection("review", "reject").Source.Port = "anything";

        Validate.IsValid(definition);
    }

    [Fact]
    public void UnknownPort_TheTargetPortIsAlwaysIn()
    {
        var definition = Validate.Approval().Build();
        definition.Connection("start", "Done").Target.Port = "Out";

        // The connection still counts for reachability: the port is wrong, not the path.
        Validate.HasProblem(definition, ValidationCodes.UnknownPort, "review", ["'Out'", "'In'"]);
    }

    [Fact]
    public void Unreachable()
    {
        var definition = Validate.Approval().Activity("note", "SetVariable", ("variable", Lit("x"))).Connect("note", "done").Build();
        definition.Activity("note").Name = "记录";

        Validate.HasProblem(definition, ValidationCodes.Unreachable, "note", ["SetVariable", "'记录'", "Start"]);
    }

    [Fact]
    public void Unreachable_LoopsBackAreFine()
    {
        var definition = Validate.Approval().Task("revise", "resubmit").Connect("review", "revise", "reject")
            .Connect("revise", "review", "resubmit").Build();
        definition.Root.Connections.Remove(definition.Root.Connections.Single(c => c.Key == "review:reject->done"));

        Validate.IsValid(definition);
    }

    [Fact]
    public void EndUnreachable()
    {
        var definition = Validate.Approval().End("cancelled", "cancelled").Build();

        Validate.HasProblem(definition, ValidationCodes.EndUnreachable, "cancelled", ["End 'cancelled'", "Start"]);
    }

    [Fact]
    public void JoinTooFewInbound()
    {
        static Flow Parallel(bool bothBranchesJoin)
        {
            var flow = new Flow("parallel").Start()
                .Activity("fork", "Fork", ("branches", Lit(new JsonArray("legal", "finance"))))
                .Task("legal", "ok").Task("finance", "ok")
                .Activity("join", "Join", ("mode", Lit("all")))
                .End("done")
                .Connect("start", "fork").Connect("fork", "legal", "legal").Connect("fork", "finance", "finance")
                .Connect("legal", "join", "ok").Connect("join", "done");
            return bothBranchesJoin ? flow.Connect("finance", "join", "ok") : flow.Connect("finance", "done", "ok");
        }

        Validate.IsValid(Parallel(bothBranchesJoin: true).Build());

        Validate.HasProblem(Parallel(bothBranchesJoin: false).Build(), ValidationCodes.JoinTooFewInbound, "join",
            ["Join 'join'", "1 inbound", "at least two"]);
    }

    [Fact]
    public void EveryProblemIsReported_NotJustTheFirst()
    {
        var definition = new Flow("").Start().Start("start2").Activity("x", "Nope").Connect("start", "ghost").Build();

        var problems = Validate.Problems(definition);

        Assert.Equal(
            [
                (ValidationCodes.MissingDefinitionId, null),
                (ValidationCodes.ConnectionTargetMissing, "start"),
                (ValidationCodes.MultipleStart, "start2"),
                (ValidationCodes.Unreachable, "start2"),
                (ValidationCodes.UnknownActivityType, "x"),
                (ValidationCodes.Unreachable, "x"),
            ],
            problems.Select(p => (p.Code, p.ActivityId)).OrderBy(p => p.ActivityId ?? "").ThenBy(p => p.Code == ValidationCodes.Unreachable));
        Assert.All(problems, p => Assert.Equal(ValidationSeverity.Error, p.Severity));
    }
}
