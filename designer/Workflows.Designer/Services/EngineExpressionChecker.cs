using System.Text.Json;
using System.Text.Json.Nodes;
using Workflows.Core.Definitions;
using Workflows.Core.Expressions;

namespace Workflows.Designer.Services;

/// <summary>Syntax checks and template previews with the engine's own evaluators, so the designer agrees with the runtime.</summary>
public sealed class EngineExpressionChecker(IExpressionEvaluator evaluator) : IExpressionChecker
{
    public string? FindSyntaxError(string expressionType, string text) =>
        evaluator.FindSyntaxError(new ExpressionDefinition { Type = expressionType, Value = text });

    public string Preview(string template, string sampleJson)
    {
        JsonObject input;
        try
        {
            input = JsonNode.Parse(sampleJson) as JsonObject ?? [];
        }
        catch (JsonException ex)
        {
            return ex.Message;
        }
        try
        {
            return evaluator.Evaluate(ExpressionDefinition.Liquid(template), new ExpressionScope(input, [], null))?.ToString() ?? "";
        }
        catch (ExpressionException ex)
        {
            return ex.Message;
        }
    }
}
