using System.Text.RegularExpressions;
using Workflows.Core.Definitions;
using Workflows.Core.Triggers;
using Workflows.Core.Validation;

namespace Workflows.Core.Activities;

/// <summary>
/// Elsa's HttpEndpoint as a start: a request to <c>/workflows/{path}</c> with one of the methods starts an instance
/// of the published definition. The caller needs a bearer token of someone who may start it, or an API key an
/// administrator issued for this definition, unless <c>allowAnonymous</c> is set. Fields of a JSON or form body
/// that the definition declares become the start input; the request itself can be kept in variables.
/// </summary>
[Activity(StartTypes.HttpEndpoint, DisplayName = "HTTP 入口 HTTP endpoint", Category = "Triggers", Description = "Starts a new instance from a request to /workflows/{path}.")]
public sealed partial class HttpEndpoint : Activity
{
    public const string RoutePrefix = "/workflows/";

    public static readonly ActivityInput<string> Path = new("path", required: true, description: "e.g. applications/fire-safety or orders/{id}.");
    public static readonly ActivityInput<List<string>> Methods = new("methods", description: "Default POST.");
    public static readonly ActivityInput<bool> AllowAnonymous = new("allowAnonymous", description: "Answer callers without a token or key.");
    public static readonly ActivityInput<string> RequestVariable = new("requestVariable", description: "Receives { method, path, routeValues, query, body }.");
    public static readonly ActivityInput<string> BodyVariable = new("bodyVariable", description: "Receives the request body (JSON parsed).");

    public override ActivityResult Execute(ActivityContext context)
    {
        if (context.Instance.Http is { } http)
        {
            if (context.Get(RequestVariable) is { Length: > 0 } request)
            {
                context.SetVariable(request, http.Request);
            }
            if (context.Get(BodyVariable) is { Length: > 0 } body)
            {
                context.SetVariable(body, http.Request["body"]);
            }
        }
        return ActivityResult.Done();
    }

    public override IEnumerable<ValidationProblem> Validate(ActivityDefinition activity)
    {
        if (activity.Inputs.TryGetValue(Path.Name, out var path) && (path.Type != ExpressionTypes.Literal || !RouteShape().IsMatch(path.Value?.ToString() ?? "")))
        {
            yield return ValidationProblem.Error(ValidationCodes.InvalidInput, activity.Id,
                $"'path' must be a literal route such as applications/fire-safety or orders/{{id}} (letters, digits, - _ . and {{name}} segments)");
        }
    }

    /// <summary>The literal path, without leading or trailing slashes.</summary>
    public static string? PathOf(ActivityDefinition activity) =>
        activity.Inputs.TryGetValue(Path.Name, out var path) ? path.Value?.ToString()?.Trim('/') : null;

    [GeneratedRegex(@"^/?([A-Za-z0-9_.~-]+|\{[A-Za-z_][A-Za-z0-9_]*\})(/([A-Za-z0-9_.~-]+|\{[A-Za-z_][A-Za-z0-9_]*\}))*/?$")]
    private static partial Regex RouteShape();
}
