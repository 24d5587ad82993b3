using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Workflows.Core.Runtime;
using Workflows.Persistence.Definitions;
using Workflows.Scheduling.StartTriggers;
using Workflows.Server.Audit;
using Workflows.Server.Auth;

namespace Workflows.Server.Triggers;

public sealed record IssueApiKeyRequest(string? Name);

/// <summary>A published definition's start trigger with its API keys (HTTP endpoints only).</summary>
public sealed record StartTriggerView(StartTriggerInfo Trigger, IReadOnlyList<ApiKeyInfo> ApiKeys);

/// <summary>
/// For administrators: the published definitions that start on a schedule or an HTTP request, and the API keys of
/// HTTP endpoints (issued, listed without the key, revoked; each audited).
/// </summary>
public static class StartTriggersApi
{
    public static RouteGroupBuilder MapStartTriggersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/start-triggers").WithTags("Start triggers").RequireAuthorization(Policies.Admin);

        api.MapGet("/", List).WithSummary("Published definitions that start on a Timer, a Cron or an HTTP endpoint, with the next scheduled start")
            .WithDescription("nextStart is worked out in the office's time zone (Workflows:Engine:TimeZone); registered says whether the recurring job exists.");
        api.MapGet("/{definitionId}/api-keys", ListKeys).WithSummary("The API keys issued for a definition's HTTP endpoint (never the keys themselves)");
        api.MapPost("/{definitionId}/api-keys", Issue).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Issue an API key for a definition's HTTP endpoint; the key is in this answer only")
            .WithDescription("Callers send it as the X-Api-Key header to /workflows/{path}. Only its SHA-256 hash is stored.");
        api.MapDelete("/{definitionId}/api-keys/{keyId}", Revoke).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Revoke an API key: requests with it are refused from now on");
        return api;
    }

    private static async Task<Ok<IReadOnlyList<StartTriggerView>>> List(StartTriggerSchedule schedule, ApiKeys keys, CancellationToken cancellationToken)
    {
        List<StartTriggerView> views = [];
        foreach (var trigger in await schedule.ListAsync(cancellationToken))
        {
            views.Add(new StartTriggerView(trigger, trigger.Path is null ? [] : await keys.ListAsync(trigger.DefinitionId, cancellationToken)));
        }
        return TypedResults.Ok<IReadOnlyList<StartTriggerView>>(views);
    }

    private static async Task<Results<Ok<IReadOnlyList<ApiKeyInfo>>, ProblemHttpResult>> ListKeys(
        string definitionId, EfWorkflowDefinitionStore definitions, ApiKeys keys, CancellationToken cancellationToken) =>
        await definitions.ListVersionsAsync(definitionId, cancellationToken) is { Count: > 0 }
            ? TypedResults.Ok(await keys.ListAsync(definitionId, cancellationToken))
            : NotFound(definitionId);

    private static async Task<Results<Created<IssuedApiKey>, ValidationProblem, ProblemHttpResult>> Issue(
        string definitionId, [FromBody] IssueApiKeyRequest request, HttpContext http, EfWorkflowDefinitionStore definitions, ApiKeys keys,
        IAuditTrail audit, CancellationToken cancellationToken)
    {
        if (ApiKeys.NameProblem(request.Name) is { } problem)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["name"] = [problem] });
        }
        if (await definitions.ListVersionsAsync(definitionId, cancellationToken) is not { Count: > 0 })
        {
            return NotFound(definitionId);
        }
        var issued = await keys.IssueAsync(definitionId, request.Name!, http.User.UserName(), cancellationToken);
        await audit.RecordAsync(AuditActions.ApiKeyIssue, definitionId, new { keyId = issued.Info.Id, issued.Info.Name, issued.Info.Prefix }, cancellationToken);
        return TypedResults.Created($"/api/start-triggers/{definitionId}/api-keys/{issued.Info.Id}", issued);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Revoke(
        string definitionId, string keyId, HttpContext http, ApiKeys keys, IAuditTrail audit, CancellationToken cancellationToken)
    {
        if (!await keys.RevokeAsync(definitionId, keyId, http.User.UserName(), cancellationToken))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "ApiKeyNotFound", detail: $"definition '{definitionId}' has no API key '{keyId}'");
        }
        await audit.RecordAsync(AuditActions.ApiKeyRevoke, definitionId, new { keyId }, cancellationToken);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult NotFound(string definitionId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: ErrorCodes.DefinitionNotFound, detail: $"no workflow definition '{definitionId}'");
}
