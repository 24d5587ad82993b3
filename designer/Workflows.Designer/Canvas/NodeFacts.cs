using System.Text.Json.Nodes;
using Workflows.Core.Definitions;
using Workflows.Designer.Properties;
using Workflows.Designer.Services;

namespace Workflows.Designer.Canvas;

/// <summary>The key facts a node shows under its name: who acts and by when, or what it checks.</summary>
public static class NodeFacts
{
    /// <summary>Stands for assignees a script computes: the script itself is for designers, not for the canvas.</summary>
    public const string Computed = "\u0000computed";

    /// <summary>Who acts, by display names and role names; <see cref="Computed"/> when a script decides.</summary>
    /// <param name="starter">How the starter (<c>starter: true</c>) reads.</param>
    public static string? Assignee(ActivityDefinition activity, PeopleNames? names = null, string starter = "starter") =>
        activity.Inputs.TryGetValue("assignTo", out var e) ? Describe(e, names, starter) : null;

    /// <summary>The label of the UserTask outcome a port stands for, if it has one.</summary>
    public static string? OutcomeLabel(ActivityDefinition activity, string port) =>
        activity.Inputs.TryGetValue("outcomes", out var e) && e.Value is JsonArray outcomes
            ? outcomes.OfType<JsonObject>().FirstOrDefault(o => o["name"]?.ToString() == port)?["label"]?.ToString() is { Length: > 0 } label ? label : null
            : null;

    /// <summary>The task's target deadline as the due editor shows it; null when there is none or it is computed.</summary>
    public static Deadline? Due(ActivityDefinition activity) =>
        activity.Inputs.TryGetValue("due", out var e) && e.Type == ExpressionTypes.Literal
            && (e.Value is JsonObject spec ? Deadline.FromObject(spec, "") : Deadline.FromShorthand(e.Value)) is { Kind: not DeadlineKind.None } due
            ? due
            : null;

    public static string? Condition(ActivityDefinition activity) =>
        activity.Inputs.TryGetValue("condition", out var e) ? e.Value?.ToString() : null;

    private static string? Describe(ExpressionDefinition expression, PeopleNames? names, string starter)
    {
        if (expression.Type != ExpressionTypes.Literal)
        {
            return Computed;
        }
        string User(string? n) => names?.User(n) ?? n ?? "";
        return expression.Value switch
        {
            JsonObject spec => string.Join("、", (spec["users"] as JsonArray ?? []).Select(n => User(n?.ToString()))
                .Concat((spec["roles"] as JsonArray ?? []).Select(n => names?.Role(n?.ToString() ?? "") ?? n?.ToString()))
                .Concat((spec["departments"] as JsonArray ?? []).Select(n => names?.Department(n?.ToString()) ?? n?.ToString()))
                .Concat(spec["supervisorOf"] is { } of ? [$"↑{User(of.ToString())}"] : [])
                .Concat(spec["starter"]?.GetValueKind() == System.Text.Json.JsonValueKind.True ? [starter] : [])
                .Where(s => !string.IsNullOrEmpty(s))),
            JsonArray list => string.Join("、", list.Select(n => User(n?.ToString()))),
            { } value => User(value.ToString()),
            null => null,
        };
    }
}
