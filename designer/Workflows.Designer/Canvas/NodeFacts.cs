using System.Text.Json.Nodes;
using Workflows.Core.Definitions;
using Workflows.Designer.Properties;

namespace Workflows.Designer.Canvas;

/// <summary>The key facts a node shows under its name: who acts and by when, or what it checks.</summary>
public static class NodeFacts
{
    public static string? Assignee(ActivityDefinition activity) =>
        activity.Inputs.TryGetValue("assignTo", out var e) ? Describe(e) : null;

    /// <summary>The task's target deadline as the due editor shows it; null when there is none or it is computed.</summary>
    public static Deadline? Due(ActivityDefinition activity) =>
        activity.Inputs.TryGetValue("due", out var e) && e.Type == ExpressionTypes.Literal
            && (e.Value is JsonObject spec ? Deadline.FromObject(spec, "") : Deadline.FromShorthand(e.Value)) is { Kind: not DeadlineKind.None } due
            ? due
            : null;

    public static string? Condition(ActivityDefinition activity) =>
        activity.Inputs.TryGetValue("condition", out var e) ? e.Value?.ToString() : null;

    private static string? Describe(ExpressionDefinition expression)
    {
        if (expression.Type != ExpressionTypes.Literal)
        {
            return expression.Value?.ToString();
        }
        return expression.Value switch
        {
            JsonObject spec => string.Join(", ", new[] { "users", "roles", "departments" }
                .SelectMany(k => spec[k] as JsonArray ?? [])
                .Select(n => n?.ToString())
                .Concat(spec["supervisorOf"] is { } of ? [$"↑{of}"] : [])
                .Where(s => !string.IsNullOrEmpty(s))),
            JsonArray list => string.Join(", ", list.Select(n => n?.ToString())),
            { } value => value.ToString(),
            null => null,
        };
    }
}
