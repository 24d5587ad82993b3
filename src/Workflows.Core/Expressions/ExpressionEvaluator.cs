using System.Text.Json.Nodes;
using Workflows.Core.Definitions;

namespace Workflows.Core.Expressions;

/// <summary>Dispatches on the expression type: literals are copied, JavaScript runs in Jint, Liquid renders in Fluid.</summary>
public sealed class ExpressionEvaluator(JavaScriptEvaluator javaScript, LiquidRenderer liquid) : IExpressionEvaluator
{
    public JsonNode? Evaluate(ExpressionDefinition expression, ExpressionScope scope) => expression.Type switch
    {
        ExpressionTypes.Literal => expression.Value?.DeepClone(),
        ExpressionTypes.JavaScript => javaScript.Evaluate(SourceOf(expression), scope),
        ExpressionTypes.Liquid => JsonValue.Create(liquid.Render(SourceOf(expression), scope)),
        _ => throw new ExpressionException($"unknown expression type '{expression.Type}' (expected Literal, JavaScript or Liquid)"),
    };

    public string? FindSyntaxError(ExpressionDefinition expression)
    {
        try
        {
            return expression.Type switch
            {
                ExpressionTypes.Literal => null,
                ExpressionTypes.JavaScript => javaScript.FindSyntaxError(SourceOf(expression)),
                ExpressionTypes.Liquid => liquid.FindSyntaxError(SourceOf(expression)),
                _ => $"unknown expression type '{expression.Type}' (expected Literal, JavaScript or Liquid)",
            };
        }
        catch (ExpressionException ex)
        {
            // A script or template that is not a string (a number, missing) is reported, never thrown at the validator.
            return ex.Message;
        }
    }

    private static string SourceOf(ExpressionDefinition expression) =>
        expression.Value is JsonValue value && value.TryGetValue<string>(out var text)
            ? text
            : throw new ExpressionException($"a {expression.Type} expression needs its source as a string");
}
