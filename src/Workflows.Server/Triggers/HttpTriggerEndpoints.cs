using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Routing.Template;
using Workflows.Core.Activities;
using Workflows.Core.Definitions;
using Workflows.Core.Runtime;
using Workflows.Core.Triggers;
using Workflows.Persistence.Definitions;
using Workflows.Server.Instances;

namespace Workflows.Server.Triggers;

/// <summary>
/// <c>/workflows/{path}</c>: a request whose path and method match a published definition's HttpEndpoint start
/// starts an instance. The caller shows a bearer token of someone who may start the definition, or an API key
/// issued for it (<c>X-Api-Key</c>), unless the endpoint allows anonymous callers. Declared start fields come from
/// a JSON or form body. The answer is what a WriteHttpResponse in the first burst wrote, else 202 with the instance.
/// </summary>
public static class HttpTriggerEndpoints
{
    private const int MaxBodyBytes = 1024 * 1024;

    public static RouteHandlerBuilder MapHttpTriggers(this IEndpointRouteBuilder app) =>
        app.Map(HttpEndpoint.RoutePrefix + "{**path}", Handle).AllowAnonymous().DisableAntiforgery().WithTags("HTTP triggers")
            .WithSummary("Start the published workflow whose HttpEndpoint matches this path and method")
            .WithDescription("Authenticate with 'Authorization: Bearer <token>' of someone allowed to start it, or 'X-Api-Key: <key>' issued by an " +
                "administrator for that workflow (/api/start-triggers/{definitionId}/api-keys). 401 without either, 403 when not allowed, 404 " +
                "when no published workflow has this path, 405 for another method, 400 naming each invalid start field.");

    // The answer is the workflow's own (WriteHttpResponse) or one of the fixed refusals, so it is an IResult.
    private static async Task<IResult> Handle(
        string? path, HttpContext http, EfWorkflowDefinitionStore definitions, WorkflowEngine engine, ApiKeys keys, CancellationToken cancellationToken)
    {
        var requestPath = "/" + (path ?? "").Trim('/');
        var matches = (await definitions.ListPublishedAsync(cancellationToken))
            .Select(d => (Definition: d, Start: d.Root.Activities.FirstOrDefault(a => a.Type == StartTypes.HttpEndpoint)))
            .Where(m => m.Start is not null)
            .Select(m => (m.Definition, Start: m.Start!, Values: Match(m.Start!, requestPath)))
            .Where(m => m.Values is not null)
            .ToList();
        if (matches.Count == 0)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "EndpointNotFound",
                detail: $"no published workflow answers {HttpEndpoint.RoutePrefix}{requestPath.TrimStart('/')}");
        }
        var match = matches.FirstOrDefault(m => Methods(m.Start).Contains(http.Request.Method, StringComparer.OrdinalIgnoreCase));
        if (match.Definition is null)
        {
            http.Response.Headers.Allow = string.Join(", ", matches.SelectMany(m => Methods(m.Start)).Distinct());
            return TypedResults.Problem(statusCode: StatusCodes.Status405MethodNotAllowed, title: "MethodNotAllowed",
                detail: $"{http.Request.Method} is not one of {http.Response.Headers.Allow}");
        }
        var (definition, start, routeValues) = match;
        var (caller, refusal) = await CallerAsync(http, definition, start, keys, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }
        var body = await ReadBodyAsync(http.Request, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }
        var request = new JsonObject
        {
            ["method"] = http.Request.Method,
            ["path"] = requestPath,
            ["routeValues"] = new JsonObject(routeValues!.Select(v => KeyValuePair.Create(v.Key, (JsonNode?)v.Value?.ToString()))),
            ["query"] = new JsonObject(http.Request.Query.Select(q => KeyValuePair.Create(q.Key, (JsonNode?)q.Value.ToString()))),
            ["body"] = body.Value?.DeepClone(),
        };
        var instance = await engine.StartAsync(new StartWorkflow(definition.DefinitionId)
        {
            Version = definition.Version,
            Input = StartInput(definition, body.Value),
            Actor = caller,
            HttpRequest = request,
        }, cancellationToken);
        if (instance.Http?.Response is { } answer)
        {
            return Answer(http, answer);
        }
        return TypedResults.Accepted($"/api/workflow-instances/{instance.Id}", new { id = instance.Id, status = instance.Status.ToString() });
    }

    private static RouteValueDictionary? Match(ActivityDefinition start, string requestPath)
    {
        if (HttpEndpoint.PathOf(start) is not { Length: > 0 } template)
        {
            return null;
        }
        var values = new RouteValueDictionary();
        return new TemplateMatcher(TemplateParser.Parse(template), []).TryMatch(requestPath, values) ? values : null;
    }

    private static IReadOnlyList<string> Methods(ActivityDefinition start) =>
        start.Inputs.TryGetValue(HttpEndpoint.Methods.Name, out var methods) && methods.Value is JsonArray list && list.Count > 0
            ? [.. list.Select(m => m?.ToString().ToUpperInvariant() ?? "")]
            : [HttpMethods.Post];

    /// <summary>Who starts it: a live API key of this definition, else a bearer token of someone who may start it.</summary>
    private static async Task<(string? Caller, IResult? Refusal)> CallerAsync(
        HttpContext http, WorkflowDefinition definition, ActivityDefinition start, ApiKeys keys, CancellationToken cancellationToken)
    {
        if (start.Inputs.TryGetValue(HttpEndpoint.AllowAnonymous.Name, out var open) && open.Value is JsonValue flag && flag.TryGetValue<bool>(out var anonymous) && anonymous)
        {
            return (null, null);
        }
        if (http.Request.Headers[ApiKeys.Header].ToString() is { Length: > 0 } key)
        {
            return await keys.VerifyAsync(definition.DefinitionId, key, cancellationToken) is { } issued
                ? ($"api-key:{issued.Name}", null)
                : (null, Unauthorized(http, "the API key is not one issued for this workflow, or it was revoked"));
        }
        // Bearer only: a browser's cookie must not start matters from another site's form.
        var result = await http.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
        if (!result.Succeeded || result.Principal.Identity?.Name is not { } name)
        {
            return (null, Unauthorized(http, $"send a bearer token or the {ApiKeys.Header} header with an API key an administrator issued for this workflow"));
        }
        return InstancePermissions.MayStart(result.Principal, definition)
            ? (name, null)
            : (null, TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: $"'{name}' may not start '{definition.DefinitionId}'"));
    }

    private static IResult Unauthorized(HttpContext http, string detail)
    {
        http.Response.Headers.WWWAuthenticate = "Bearer";
        return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: detail);
    }

    private sealed record Body(JsonNode? Value, IResult? Problem);

    private static async Task<Body> ReadBodyAsync(Microsoft.AspNetCore.Http.HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is > MaxBodyBytes)
        {
            return new Body(null, TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "BodyTooLarge", detail: $"at most {MaxBodyBytes} bytes"));
        }
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            return new Body(new JsonObject(form.Select(f => KeyValuePair.Create(f.Key, (JsonNode?)f.Value.ToString()))), null);
        }
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var buffer = new char[MaxBodyBytes + 1];
        var read = await reader.ReadBlockAsync(buffer, cancellationToken);
        if (read > MaxBodyBytes)
        {
            return new Body(null, TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "BodyTooLarge", detail: $"at most {MaxBodyBytes} bytes"));
        }
        var text = new string(buffer, 0, read);
        if (text.Length == 0)
        {
            return new Body(null, null);
        }
        if (!request.HasJsonContentType())
        {
            return new Body(text, null);
        }
        try
        {
            return new Body(JsonNode.Parse(text), null);
        }
        catch (JsonException ex)
        {
            return new Body(null, TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [$"not JSON: {ex.Message}"] }));
        }
    }

    /// <summary>The declared start fields found in the body; a form's text is read as the field's type.</summary>
    private static JsonObject StartInput(WorkflowDefinition definition, JsonNode? body)
    {
        var input = new JsonObject();
        if (body is not JsonObject fields)
        {
            return input;
        }
        foreach (var field in definition.Inputs)
        {
            if (fields[field.Name] is not { } value)
            {
                continue;
            }
            input[field.Name] = value is JsonValue text && text.GetValueKind() == JsonValueKind.String ? Typed(field.Type, text.GetValue<string>()) : value.DeepClone();
        }
        return input;
    }

    private static JsonNode? Typed(string fieldType, string text) => fieldType switch
    {
        FieldTypes.Number when decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => number,
        FieldTypes.Checkbox when text is "true" or "on" or "false" => text != "false",
        _ => text,
    };

    private static IResult Answer(HttpContext http, HttpAnswer answer)
    {
        foreach (var (name, value) in answer.Headers)
        {
            http.Response.Headers[name] = value;
        }
        return answer.Content switch
        {
            null => TypedResults.StatusCode(answer.StatusCode),
            JsonValue text when text.GetValueKind() == JsonValueKind.String =>
                TypedResults.Text(text.GetValue<string>(), answer.ContentType ?? "text/plain; charset=utf-8", Encoding.UTF8, answer.StatusCode),
            var json => TypedResults.Text(json.ToJsonString(), answer.ContentType ?? "application/json; charset=utf-8", Encoding.UTF8, answer.StatusCode),
        };
    }
}
