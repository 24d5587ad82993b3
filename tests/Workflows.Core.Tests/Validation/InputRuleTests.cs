using System.Text.Json.Nodes;
using Workflows.Core.Definitions;
using Workflows.Core.Validation;
using static Workflows.Core.Tests.Flow;

namespace Workflows.Core.Tests.Validation;

/// <summary>Required inputs, literal input values each activity checks, and the start form's fields.</summary>
public sealed class InputRuleTests
{
    private static WorkflowDefinition Approval(Action<ActivityDefinition> changeReview)
    {
        var definition = Validate.Approval().Build();
        changeReview(definition.Activity("review"));
        return definition;
    }

    private static WorkflowDefinition Wait(params (string Name, ExpressionDefinition Value)[] inputs) => new Flow("wait").Start()
        .Activity("wait", "Delay", inputs).End("done")
        .Connect("start", "wait").Connect("wait", "done")
        .Build();

    private static WorkflowDefinition Parallel(ExpressionDefinition mode) => new Flow("parallel").Start()
        .Activity("fork", "Fork", ("branches", Lit(new JsonArray("legal", "finance"))))
        .Activity("join", "Join", ("mode", mode))
        .End("done")
        .Connect("start", "fork").Connect("fork", "join", "legal").Connect("fork", "join", "finance").Connect("join", "done")
        .Build();

    [Fact]
    public void MissingInput_AbsentRequiredInput()
    {
        var definition = Approval(review => review.Inputs.Remove("assignTo"));
        definition.Activity("review").Name = "受理";

        Validate.HasProblem(definition, ValidationCodes.MissingInput, "review", ["UserTask '受理'", "'assignTo'"]);
    }

    [Fact]
    public void MissingInput_ABlankValueCountsAsMissing()
    {
        var definition = Approval(review => review.Inputs["assignTo"] = Lit("   "));

        Validate.HasProblem(definition, ValidationCodes.MissingInput, "review", ["UserTask 'review'", "'assignTo'"]);
    }

    [Fact]
    public void AnUntitledTask_IsValid_ItsInboxShowsTheStepName()
    {
        Validate.IsValid(Approval(review => review.Inputs.Remove("title")));
        Validate.IsValid(Approval(review => review.Inputs["title"] = Lit("")));
    }

    [Fact]
    public void MissingInput_NoOutcomes_AlsoLeavesTheTasksConnectionsWithoutPorts()
    {
        var definition = Approval(review => review.Inputs["outcomes"] = Lit(new JsonArray()));

        Validate.HasProblem(definition, ValidationCodes.MissingInput, "review", ["'outcomes'"],
            alsoExpected: [(ValidationCodes.UnknownPort, "review"), (ValidationCodes.UnknownPort, "review")]);
    }

    [Fact]
    public void MissingInput_AnExpressionSatisfiesARequiredInput()
    {
        var definition = Approval(review => review.Inputs["assignTo"] = Js("[input.manager]"));

        Validate.IsValid(definition);
    }

    [Fact]
    public void MissingInput_DecisionNeedsACondition()
    {
        var definition = new Flow("decide").Start().Activity("decide", "Decision").End("big").End("small")
            .Connect("start", "decide").Connect("decide", "big", "True").Connect("decide", "small", "False").Build();

        Validate.HasProblem(definition, ValidationCodes.MissingInput, "decide", ["Decision 'decide'", "'condition'"]);
    }

    [Theory]
    [InlineData("duration", "P3D")]
    [InlineData("duration", "PT2H30M")]
    [InlineData("workingDays", 5)]
    [InlineData("until", "2026-01-05")]
    public void Delay_WithOneOfItsWaits_IsValid(string input, object value) =>
        Validate.IsValid(Wait((input, Lit(JsonValue.Create(value)))));

    [Fact]
    public void MissingInput_DelayNeedsDurationWorkingDaysOrUntil()
    {
        Validate.HasProblem(Wait(), ValidationCodes.MissingInput, "wait", ["'duration'", "'workingDays'", "'until'"]);
    }

    [Theory]
    [InlineData("3 days")]
    [InlineData("P3X")]
    [InlineData("")]
    public void InvalidInput_DelayDurationIsNotIso8601(string duration)
    {
        Validate.HasProblem(Wait(("duration", Lit(duration))), ValidationCodes.InvalidInput, "wait", [$"'{duration}'", "ISO-8601"]);
    }

    [Fact]
    public void InvalidInput_ADurationExpressionIsOnlyKnownAtRunTime() =>
        Validate.IsValid(Wait(("duration", Js("input.urgent ? 'P1D' : 'P5D'"))));

    [Theory]
    [InlineData("all")]
    [InlineData("any")]
    public void JoinModes_AllAndAny_AreValid(string mode) => Validate.IsValid(Parallel(Lit(mode)));

    [Theory]
    [InlineData("some")]
    [InlineData("ALL")]
    public void InvalidInput_BadJoinMode(string mode)
    {
        Validate.HasProblem(Parallel(Lit(mode)), ValidationCodes.InvalidInput, "join", ["Join mode", $"'{mode}'", "'all' or 'any'"]);
    }

    [Theory]
    [InlineData("single")]
    [InlineData("any")]
    [InlineData("all")]
    [InlineData("sequential")]
    public void UserTaskModes_AreValid(string mode) => Validate.IsValid(Approval(review => review.Inputs["mode"] = Lit(mode)));

    [Theory]
    [InlineData("majority")]
    [InlineData("或签")]
    public void InvalidInput_BadUserTaskMode(string mode)
    {
        var definition = Approval(review => review.Inputs["mode"] = Lit(mode));

        Validate.HasProblem(definition, ValidationCodes.InvalidInput, "review", ["UserTask mode", $"'{mode}'", "single, any, all, sequential"]);
    }

    [Fact]
    public void InvalidInput_DuplicateOutcome()
    {
        var definition = Approval(review => review.Inputs["outcomes"] = Lit(Validate.Outcomes("approve", "reject", "approve")));

        Validate.HasProblem(definition, ValidationCodes.InvalidInput, "review", ["outcome 'approve'", "twice"]);
    }

    [Fact]
    public void InvalidInput_OutcomeWithoutAName()
    {
        var outcomes = Validate.Outcomes("approve", "reject");
        outcomes.Add(new JsonObject { ["label"] = "退回" });
        var definition = Approval(review => review.Inputs["outcomes"] = Lit(outcomes));

        Validate.HasProblem(definition, ValidationCodes.InvalidInput, "review", ["outcome", "no name"]);
    }

    [Fact]
    public void InvalidInput_SwitchCaseNamedDefaultOrWithoutCondition()
    {
        var definition = new Flow("route").Start()
            .Activity("route", "Switch", ("cases", Lit(JsonNode.Parse("""
                [ { "name": "Default", "condition": { "type": "JavaScript", "value": "true" } },
                  { "name": "urgent" } ]
                """))))
            .End("done")
            .Connect("start", "route").Connect("route", "done", "Default")
            .Build();

        var problems = Validate.Problems(definition);

        Assert.Equal(2, problems.Count);
        Assert.All(problems, p => Assert.Equal((ValidationCodes.InvalidInput, "route"), (p.Code, p.ActivityId)));
        Validate.IsReadable(problems[0].Message, "Switch case", "'Default'");
        Validate.IsReadable(problems[1].Message, "Switch case 'urgent'", "no condition");
    }

    [Fact]
    public void StartInputFields_OfEveryKnownType_AreValid()
    {
        var flow = Validate.Approval();
        foreach (var type in FieldTypes.All)
        {
            flow.Input($"field_{type}", type);
        }

        Validate.IsValid(flow.Build());
    }

    [Fact]
    public void InvalidInputField_UnknownType()
    {
        var definition = Validate.Approval().Input("amount", "money").Build();

        Validate.HasProblem(definition, ValidationCodes.InvalidInputField, null, ["start input 'amount'", "'money'", "number"]);
    }

    [Fact]
    public void InvalidInputField_NoName()
    {
        var definition = Validate.Approval().Input(" ", "text").Build();

        Validate.HasProblem(definition, ValidationCodes.InvalidInputField, null, ["start input", "no name"]);
    }
}
