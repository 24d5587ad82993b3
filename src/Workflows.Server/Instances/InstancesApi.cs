using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Workflows.Server.Attachments;
using Workflows.Core.Definitions;
using Workflows.Core.Runtime;
using Workflows.Persistence;
using Workflows.Persistence.Archive;
using Workflows.Persistence.Definitions;
using Workflows.Persistence.Instances;
using Workflows.Server.Auth;
using Workflows.Server.Hosting;
using Workflows.Core.Organisation;
using Workflows.Persistence.Tasks;
using TaskStatus = Workflows.Persistence.Tasks.TaskStatus;
using Workflows.Server.Audit;

namespace Workflows.Server.Instances;

public static class InstancesApi
{
    public static RouteGroupBuilder MapInstancesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/workflow-instances").WithTags("Instances");

        api.MapPost("/", Start).ProducesProblem(StatusCodes.Status404NotFound).WithSummary("Start an instance of the published version of a definition")
            .WithDescription("A file input's value is an attachment id, or a list of them, uploaded first. 400 names each missing or invalid input.");
        api.MapGet("/", List).WithSummary("Instances you may see, newest first");
        api.MapGet("/{id}", Get).ProducesProblem(StatusCodes.Status404NotFound).WithSummary("An instance: status, result, variables, active activities, incidents");
        api.MapGet("/{id}/journal", Journal).ProducesProblem(StatusCodes.Status404NotFound).WithSummary("The audit trail: every step, when, what, the outcome, who");
        api.MapPost("/{id}/withdraw", Withdraw).ProducesProblem(StatusCodes.Status404NotFound).WithSummary("The starter withdraws (撤回) a running instance; its open tasks are cancelled");
        api.MapPost("/{id}/urge", Urge)
            .WithSummary("催办: e-mail whoever must act on the open tasks; by the starter, a supervisor of an assignee or an administrator")
            .WithDescription("At most once an hour per task: 429 otherwise.");
        api.MapPost("/{id}/cancel", Cancel).RequireAuthorization(Policies.Admin).Audited(AuditActions.InstanceCancel, "id").WithSummary("An administrator cancels an instance");
        api.MapPost("/{id}/signals/{name}", Signal).RequireAuthorization(Policies.Admin).Audited(AuditActions.InstanceSignal, "id").WithSummary("Send a named signal to the WaitSignal activities waiting for it");
        api.MapPost("/{id}/retry", Retry).RequireAuthorization(Policies.Admin).Audited(AuditActions.InstanceRetry, "id").WithSummary("Run a faulted instance again from where it faulted");
        return api;
    }

    private static async Task<Results<Created<StartedInstance>, ValidationProblem, ProblemHttpResult, ForbidHttpResult>> Start(
        StartInstanceRequest request, HttpContext http, InstanceStarter starter, WorkflowsDbContext db, EfWorkflowDefinitionStore definitions,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.DefinitionId))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["definitionId"] = ["definitionId is required"] });
        }
        if (db.MaxLength<InstanceRecord>(nameof(InstanceRecord.CorrelationKey)) is { } max && request.CorrelationKey?.Length > max)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["correlationKey"] = [$"correlationKey has at most {max} characters"] });
        }
        var started = await starter.StartAsync(http.User, request.DefinitionId, request.Input ?? [], request.CorrelationKey, cancellationToken);
        return started switch
        {
            { Instance: { } instance } => TypedResults.Created($"/api/workflow-instances/{instance.Id}", new StartedInstance(instance.Id, instance.Status)),
            { Refusal: StartRefusal.Forbidden } => TypedResults.Forbid(),
            { Refusal: StartRefusal.InvalidFiles } => TypedResults.ValidationProblem(started.FileProblems),
            _ when await definitions.IsArchivedAsync(request.DefinitionId, cancellationToken) => TypedResults.Problem(new ProblemDetails
            {
                Title = DefinitionErrorCodes.DefinitionArchived,
                Status = StatusCodes.Status409Conflict,
                Detail = $"definition '{request.DefinitionId}' is archived: restore it to start matters on it",
                Extensions = { ["code"] = DefinitionErrorCodes.DefinitionArchived },
            }),
            _ => TypedResults.Problem(new ProblemDetails
            {
                Title = ErrorCodes.DefinitionNotFound,
                Status = StatusCodes.Status404NotFound,
                Detail = $"no published workflow definition '{request.DefinitionId}'",
            }),
        };
    }

    private static async Task<Results<Ok<InstancePage>, ValidationProblem>> List(
        HttpContext http, InstanceAccess access, WorkflowsDbContext db, string? definitionId, string? status, string? archived, int? page, int? pageSize,
        CancellationToken cancellationToken)
    {
        var (number, size) = (page ?? 1, pageSize ?? 20);
        if (number < 1 || size is < 1 or > 200 || (number - 1L) * size > int.MaxValue)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["page"] = [$"page starts at 1; pageSize is 1 to 200; (page - 1) × pageSize stays below {int.MaxValue}"],
            });
        }
        var query = access.Visible(http.User);
        // 归档: archived matters leave the default list; archived=include finds them among the others, archived=only alone.
        var archives = db.Set<MatterArchiveRecord>();
        switch (archived)
        {
            case null or "" or "exclude":
                query = query.Where(i => !archives.Any(a => a.InstanceId == i.Id));
                break;
            case "only":
                query = query.Where(i => archives.Any(a => a.InstanceId == i.Id));
                break;
            case "include":
                break;
            default:
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["archived"] = ["archived is exclude (the default), include or only"] });
        }
        if (!string.IsNullOrEmpty(definitionId))
        {
            query = query.Where(i => i.DefinitionId == definitionId);
        }
        if (!string.IsNullOrEmpty(status))
        {
            if (!Enum.TryParse<WorkflowStatus>(status, ignoreCase: true, out var wanted))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["status"] = [$"'{status}' is not one of {string.Join(", ", Enum.GetNames<WorkflowStatus>())}"],
                });
            }
            query = query.Where(i => i.Status == wanted);
        }
        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(i => i.CreatedAt).ThenBy(i => i.Id).Skip((number - 1) * size).Take(size)
            .Select(i => new InstanceSummary(i.Id, i.DefinitionId, i.DefinitionVersion, i.Status, i.CorrelationKey, i.StartedBy, i.CreatedAt, i.UpdatedAt, i.FinishedAt))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new InstancePage(items, total, number, size));
    }

    private static async Task<Results<Ok<InstanceView>, ProblemHttpResult>> Get(
        string id, HttpContext http, InstanceAccess access, IWorkflowInstanceStore store, CancellationToken cancellationToken)
    {
        if (await access.FindAsync(http.User, id, cancellationToken) is null || await store.FindAsync(id, cancellationToken) is not { } instance)
        {
            return InstanceNotFound(id);
        }
        return TypedResults.Ok(InstanceView.From(instance));
    }

    private static async Task<Results<Ok<IReadOnlyList<JournalEntry>>, ProblemHttpResult>> Journal(
        string id, HttpContext http, InstanceAccess access, IWorkflowInstanceStore store, CancellationToken cancellationToken)
    {
        if (await access.FindAsync(http.User, id, cancellationToken) is null)
        {
            return InstanceNotFound(id);
        }
        return TypedResults.Ok(await store.GetJournalAsync(id, cancellationToken));
    }

    private static async Task<Results<Ok<InstanceView>, ProblemHttpResult, ForbidHttpResult>> Withdraw(
        string id, ReasonRequest? request, HttpContext http, InstanceAccess access, WorkflowEngine engine, CancellationToken cancellationToken)
    {
        var record = await access.FindAsync(http.User, id, cancellationToken);
        if (record is null)
        {
            return InstanceNotFound(id);
        }
        var me = http.User.UserName();
        if (!InstancePermissions.MayWithdraw(http.User, record.StartedBy))
        {
            return TypedResults.Forbid();
        }
        var reason = string.IsNullOrWhiteSpace(request?.Reason) ? "撤回 withdrawn by the starter" : $"撤回 withdrawn by the starter: {request.Reason}";
        return TypedResults.Ok(InstanceView.From(await engine.CancelAsync(id, reason, me, cancellationToken)));
    }

    private static async Task<Results<Ok<InstanceView>, ProblemHttpResult, ForbidHttpResult>> Urge(
        string id, UrgeRequest? request, HttpContext http, InstanceAccess access, InstancePermissions permissions, WorkflowEngine engine,
        CancellationToken cancellationToken)
    {
        var record = await access.FindAsync(http.User, id, cancellationToken);
        if (record is null)
        {
            return InstanceNotFound(id);
        }
        if (!await permissions.MayUrgeAsync(http.User, id, record.StartedBy, cancellationToken))
        {
            return TypedResults.Forbid();
        }
        return TypedResults.Ok(InstanceView.From(await engine.UrgeAsync(id, http.User.UserName(), request?.Message, cancellationToken)));
    }

    private static async Task<Ok<InstanceView>> Cancel(
        string id, ReasonRequest? request, HttpContext http, WorkflowEngine engine, CancellationToken cancellationToken) =>
        TypedResults.Ok(InstanceView.From(await engine.CancelAsync(id, request?.Reason, http.User.UserName(), cancellationToken)));

    /// <summary>The body is <c>{ "payload": … }</c>, other JSON (the payload itself) or empty.</summary>
    private static async Task<Results<Ok<InstanceView>, ProblemHttpResult>> Signal(
        string id, string name, HttpRequest request, WorkflowEngine engine, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(cancellationToken);
        JsonNode? body;
        try
        {
            body = string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
        }
        catch (JsonException ex)
        {
            return TypedResults.Problem($"the signal's body is not JSON: {ex.Message}", statusCode: StatusCodes.Status400BadRequest, title: "Bad request");
        }
        var payload = body is JsonObject envelope && envelope.TryGetPropertyValue("payload", out var inner) ? inner : body;
        return TypedResults.Ok(InstanceView.From(await engine.SignalAsync(id, name, payload, request.HttpContext.User.UserName(), cancellationToken)));
    }

    private static async Task<Ok<InstanceView>> Retry(string id, HttpContext http, WorkflowEngine engine, CancellationToken cancellationToken) =>
        TypedResults.Ok(InstanceView.From(await engine.RetryAsync(id, http.User.UserName(), cancellationToken)));

    private static ProblemHttpResult InstanceNotFound(string id) => TypedResults.Problem(new ProblemDetails
    {
        Title = ErrorCodes.InstanceNotFound,
        Status = StatusCodes.Status404NotFound,
        Detail = $"no workflow instance '{id}' that you may see",
    });
}
