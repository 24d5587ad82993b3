using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Core.Definitions;
using Workflows.Core.Expressions;

namespace Workflows.Core.Tests.Expressions;

/// <summary>Issue 14, defects 2 and 3: one native call cannot allocate past the limits, nor a regex run past the time limit.</summary>
public sealed class SandboxLimitTests
{
    private static readonly ExpressionScope Scope = new(new JsonObject { ["text"] = new string('a', 28) + "!" }, [], null);

    private static IExpressionEvaluator Evaluator(Action<ExpressionOptions>? limits = null) =>
        new ServiceCollection().AddWorkflowEngine(e => limits?.Invoke(e.Expressions)).BuildServiceProvider()
            .GetRequiredService<IExpressionEvaluator>();

    [Theory]
    [InlineData("'x'.repeat(5e8).length", "repeat")]
    [InlineData("''.padStart(5e8, 'x').length", "padStart")]
    [InlineData("''.padEnd(5e8).length", "padEnd")]
    [InlineData("Array(1000).join('y'.repeat(999999)).length", "join")]
    [InlineData("var big = 'z'.repeat(900000); big.concat(big, big).length", "concat")]
    [InlineData("var s = 'w'.repeat(500000); s.replaceAll('w', 'ww').length", "replaceAll")]
    [InlineData("var s = 'v'.repeat(900000); JSON.stringify([s, s, s]).length", "stringify")]
    [InlineData("var s = 'u'.repeat(900000); [s, s, s].toString().length", "join")]
    public void OneHugeString_FaultsQuickly_NamingTheCall(string script, string call)
    {
        var watch = Stopwatch.StartNew();
        var error = Assert.Throws<ExpressionException>(() => Evaluator().Evaluate(ExpressionDefinition.JavaScript(script), Scope));

        Assert.Contains($"{call} would build a string of more than 1000000 characters", error.Message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
    }

    [Fact]
    public void StringsUnderTheLimit_StillWork()
    {
        var value = Evaluator().Evaluate(ExpressionDefinition.JavaScript(
            "['ab'.repeat(3), 'x'.padStart(4, '-'), [1, 2, 3].join('+'), 'a-b-c'.replaceAll('-', '/'), JSON.stringify({ a: [1] })]"), Scope);

        Assert.Equal(["ababab", "---x", "1+2+3", "a/b/c", "{\"a\":[1]}"], value!.AsArray().Select(v => v!.GetValue<string>()));
    }

    [Fact]
    public void AHugeArray_IsRefused()
    {
        var error = Assert.Throws<ExpressionException>(() => Evaluator().Evaluate(ExpressionDefinition.JavaScript("new Array(5e8).fill(1).length"), Scope));

        Assert.StartsWith("JavaScript failed", error.Message);
    }

    [Fact]
    public void EvalAndFunctionConstructors_AreRefused()
    {
        var error = Assert.Throws<ExpressionException>(() => Evaluator().Evaluate(ExpressionDefinition.JavaScript("new Function('return 1')()"), Scope));

        Assert.StartsWith("JavaScript failed", error.Message);
    }

    [Fact]
    public void CatastrophicBacktracking_StopsWithinTheScriptTimeLimit_AndSaysSo()
    {
        var evaluator = Evaluator(o => o.JavaScriptTimeout = TimeSpan.FromMilliseconds(300));
        var watch = Stopwatch.StartNew();

        var error = Assert.Throws<ExpressionException>(() => evaluator.Evaluate(ExpressionDefinition.JavaScript("/^(a+)+$/.test(input.text + input.text)"), Scope));

        Assert.Contains("a regular expression exceeded the time limit of 0.3 s", error.Message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"took {watch.Elapsed}");
    }
}
