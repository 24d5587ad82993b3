using System.Text.Json.Nodes;
using Workflows.Core.Definitions;
using Workflows.Core.Validation;
using static Workflows.Core.Tests.Flow;

namespace Workflows.Core.Tests.Validation;

/// <summary>Every input is an expression: its type must be known and its JavaScript or Liquid must parse.</summary>
public sealed class ExpressionRuleTests
{
    private static WorkflowDefinition WithResult(ExpressionDefinition result)
    {
        var definition = Validate.Approval().Build();
        definition.Activity("done").Inputs["result"] = result;
        return definition;
    }

    private static WorkflowDefinition Decide(ExpressionDefinition condition) => new Flow("decide").Start()
        .Activity("decide", "Decision", ("condition", condition))
        .End("big").End("small")
        .Connect("start", "decide").Connect("decide", "big", "True").Connect("decide", "small", "False")
        .Build();

    private static WorkflowDefinition WithTitle(ExpressionDefinition title)
    {
        var definition = Validate.Approval().Build();
        definition.Activity("review").Inputs["title"] = title;
        return definition;
    }

    [Theory]
    [InlineData("Literal")]
    [InlineData("JavaScript")]
    [InlineData("Liquid")]
    public void KnownExpressionTypes_AreValid(string type) =>
        Validate.IsValid(WithResult(new ExpressionDefinition { Type = type, Value = "approved" }));

    [Theory]
    [InlineData("Python")]
    [InlineData("javascript")] // type names are case-sensitive, as in Elsa
    [InlineData("")]
    public void UnknownExpressionType(string type)
    {
        var definition = WithResult(new ExpressionDefinition { Type = type, Value = "approved" });

        Validate.HasProblem(definition, ValidationCodes.UnknownExpressionType, "done",
            ["input 'result'", $"'{type}'", "Literal, JavaScript or Liquid"]);
    }

    [Theory]
    [InlineData("input.amount > 1000")]
    [InlineData("variables.round >= 2 && lastTask?.outcome === 'reject'")]
    [InlineData("(() => { const limit = 1000; return input.amount > limit; })()")]
    public void JavaScript_ThatParses_IsValid(string script) => Validate.IsValid(Decide(Js(script)));

    [Theory]
    [InlineData("input.amount >")]
    [InlineData("if (")]
    [InlineData("input.amount > 1000)")]
    public void JavaScriptSyntax(string script)
    {
        Validate.HasProblem(Decide(Js(script)), ValidationCodes.JavaScriptSyntax, "decide", ["input 'condition'", "JavaScript syntax error"]);
    }

    [Fact]
    public void JavaScriptSyntax_InASwitchCaseCondition_NamesTheCase()
    {
        static WorkflowDefinition Route(string condition) => new Flow("route").Start()
            .Activity("route", "Switch", ("cases", Lit(new JsonArray(new JsonObject
            {
                ["name"] = "urgent",
                ["condition"] = new JsonObject { ["type"] = "JavaScript", ["value"] = condition },
            }))))
            .End("fast").End("slow")
            .Connect("start", "route").Connect("route", "fast", "urgent").Connect("route", "slow", "Default")
            .Build();

        Validate.IsValid(Route("input.urgent === true"));

        Validate.HasProblem(Route("input.urgent ==="), ValidationCodes.JavaScriptSyntax, "route", ["input 'cases.urgent'", "JavaScript syntax error"]);
    }

    [Fact]
    public void JavaScriptSyntax_ASourceThatIsNotAString_IsReportedNotThrown()
    {
        var definition = Decide(new ExpressionDefinition { Type = ExpressionTypes.JavaScript, Value = 42 });

        Validate.HasProblem(definition, ValidationCodes.JavaScriptSyntax, "decide", ["input 'condition'", "needs its source as a string"]);
    }

    [Theory]
    [InlineData("健康审查受理：{{ input.policyTitle }}")]
    [InlineData("{% if input.urgent %}加急：{% endif %}{{ input.policyTitle | upcase }}")]
    [InlineData("no template syntax at all")]
    public void Liquid_ThatParses_IsValid(string template) => Validate.IsValid(WithTitle(Liquid(template)));

    [Theory]
    [InlineData("受理：{{ input.policyTitle ")]
    [InlineData("{% if input.urgent %}加急")]
    [InlineData("{% nosuchtag %}")]
    public void LiquidSyntax(string template)
    {
        Validate.HasProblem(WithTitle(Liquid(template)), ValidationCodes.LiquidSyntax, "review", ["input 'title'", "Liquid syntax error"]);
    }

    [Fact]
    public void LiquidSyntax_ATemplateThatIsNotAString_IsReportedNotThrown()
    {
        var definition = WithTitle(new ExpressionDefinition { Type = ExpressionTypes.Liquid, Value = new JsonArray("a") });

        Validate.HasProblem(definition, ValidationCodes.LiquidSyntax, "review", ["input 'title'", "needs its source as a string"]);
    }
}
