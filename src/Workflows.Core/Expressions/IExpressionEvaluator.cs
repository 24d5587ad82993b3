using System.Text.Json.Nodes;
using Workflows.Core.Definitions;

namespace Workflows.Core.Expressions;

public interface IExpressionEvaluator
{
    /// <exception cref="ExpressionException">The expression does not parse, fails, or breaches a sandbox limit.</exception>
    JsonNode? Evaluate(ExpressionDefinition expression, ExpressionScope scope);

    /// <summary>The syntax error of a JavaScript or Liquid expression, or null when it parses (literals always do).</summary>
    string? FindSyntaxError(ExpressionDefinition expression);
}
