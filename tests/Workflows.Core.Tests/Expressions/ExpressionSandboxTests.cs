using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Core.Definitions;
using Workflows.Core.Expressions;

namespace Workflows.Core.Tests.Expressions;

public sealed class ExpressionSandboxTests
{
    private static readonly ExpressionScope Scope = new(
        new JsonObject { ["title"] = "养老<政策>", ["amount"] = 12 },
        new JsonObject { ["round"] = 2, ["experts"] = new JsonArray("li", "wang") },
        new JsonObject { ["outcome"] = "approve", ["comment"] = "同意", ["actor"] = "li", ["data"] = new JsonObject { ["score"] = 4 } });

    private static IExpressionEvaluator Evaluator(Action<ExpressionOptions>? limits = null) =>
        new ServiceCollection().AddWorkflowEngine(e => limits?.Invoke(e.Expressions)).BuildServiceProvider()
            .GetRequiredService<IExpressionEvaluator>();

    [Fact]
    public void JavaScript_SeesInputVariablesAndLastTask()
    {
        var value = Evaluator().Evaluate(ExpressionDefinition.JavaScript(
            "({ big: input.amount > 10, next: variables.round + 1, first: variables.experts[0], score: lastTask.data.score })"), Scope);

        Assert.True(JsonNode.DeepEquals(new JsonObject { ["big"] = true, ["next"] = 3, ["first"] = "li", ["score"] = 4 }, value));
    }

    [Fact]
    public void Liquid_RendersAgainstInputVariablesAndLastTask()
    {
        var value = Evaluator().Evaluate(ExpressionDefinition.Liquid(
            "{{ input.title }} 第{{ variables.round }}轮 {{ lastTask.comment }} {{ variables.experts | join: ',' }}"), Scope);

        Assert.Equal("养老<政策> 第2轮 同意 li,wang", value!.GetValue<string>());
    }

    [Theory]
    [InlineData("System.IO.File.ReadAllText('/etc/passwd')")]
    [InlineData("importNamespace('System.IO')")]
    [InlineData("clr.System.Environment.Exit(1)")]
    public void JavaScript_HasNoClrAccess(string script)
    {
        var error = Assert.Throws<ExpressionException>(() => Evaluator().Evaluate(ExpressionDefinition.JavaScript(script), Scope));

        Assert.StartsWith("JavaScript failed", error.Message);
    }

    [Fact]
    public void JavaScript_EndlessLoop_BreachesTheTimeLimit()
    {
        var evaluator = Evaluator(o => { o.JavaScriptMaxStatements = int.MaxValue; o.JavaScriptTimeout = TimeSpan.FromMilliseconds(200); });

        var error = Assert.Throws<ExpressionException>(() => evaluator.Evaluate(ExpressionDefinition.JavaScript("while(true){}"), Scope));

        Assert.Contains("time limit", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void JavaScript_TooManyStatements_IsStopped()
    {
        var error = Assert.Throws<ExpressionException>(() =>
            Evaluator(o => o.JavaScriptMaxStatements = 1_000).Evaluate(ExpressionDefinition.JavaScript("for (var i = 0; i < 1e6; i++) {} i"), Scope));

        Assert.Contains("statements", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void JavaScript_DeepRecursion_IsStopped()
    {
        var error = Assert.Throws<ExpressionException>(() =>
            Evaluator().Evaluate(ExpressionDefinition.JavaScript("function f(n) { return f(n + 1); } f(0)"), Scope));

        Assert.Contains("recursion limit", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void JavaScript_ExcessiveMemory_IsStopped()
    {
        var evaluator = Evaluator(o => { o.JavaScriptMemoryLimitBytes = 4 * 1024 * 1024; o.JavaScriptMaxStatements = int.MaxValue; });

        var error = Assert.Throws<ExpressionException>(() => evaluator.Evaluate(
            ExpressionDefinition.JavaScript("var a = []; while (true) { a.push('xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' + a.length); }"), Scope));

        Assert.Contains("memory limit", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void JavaScript_InstancesDoNotShareGlobals()
    {
        var evaluator = Evaluator();
        evaluator.Evaluate(ExpressionDefinition.JavaScript("leaked = 42"), Scope);

        var seen = evaluator.Evaluate(ExpressionDefinition.JavaScript("typeof leaked"), Scope);

        Assert.Equal("undefined", seen!.GetValue<string>());
    }

    [Fact]
    public void SyntaxErrors_AreReportedWithoutRunning()
    {
        var evaluator = Evaluator();

        Assert.Contains("syntax", evaluator.FindSyntaxError(ExpressionDefinition.JavaScript("input.amount >"))!, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("syntax", evaluator.FindSyntaxError(ExpressionDefinition.Liquid("{{ input.title "))!, StringComparison.OrdinalIgnoreCase);
        Assert.Null(evaluator.FindSyntaxError(ExpressionDefinition.JavaScript("input.amount > 3")));
        Assert.Null(evaluator.FindSyntaxError(ExpressionDefinition.Liquid("{{ input.title }}")));
    }
}
