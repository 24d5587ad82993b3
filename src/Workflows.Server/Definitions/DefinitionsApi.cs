using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Workflows.Core.Definitions;
using Workflows.Core.Elsa;
using Workflows.Core.Runtime;
using Workflows.Core.Validation;
using ValidationProblem = Microsoft.AspNetCore.Http.HttpResults.ValidationProblem;
using Workflows.Persistence.Definitions;
using Workflows.Server.Auth;
using Workflows.Server.Audit;

namespace Workflows.Server.Definitions;

/// <summary><see cref="Unpublished"/> is false when no version was published.</summary>
public sealed record UnpublishResult(string DefinitionId, bool Unpublished);

public sealed record ValidationReport(bool Valid, IReadOnlyList<ProblemItem> Problems);

public sealed record ProblemItem(string Code, string? ActivityId, string Message, string Severity)
{
    public static ProblemItem From(Workflows.Core.Validation.ValidationProblem p) => new(p.Code, p.ActivityId, p.Message, p.Severity.ToString().ToLowerInvariant());
}

/// <summary>
/// A definition in a request body, read as definition files are read: a wrong shape or an explicit null where the model
/// has none (<c>"activities": [null]</c>) is refused with a 400 naming where, instead of failing later or being stored.
/// </summary>
public sealed record DefinitionBody(WorkflowDefinition Definition)
{
    public static async ValueTask<DefinitionBody> BindAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var json = await reader.ReadToEndAsync(context.RequestAborted);
        try
        {
            return new DefinitionBody(WorkflowDefinitionSerializer.Deserialize(json));
        }
        catch (DefinitionFormatException ex)
        {
            throw new WorkflowCommandException(ErrorCodes.InvalidDefinition, ex.Message);
        }
    }
}

public static class DefinitionsApi
{
    public static RouteGroupBuilder MapDefinitionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/workflow-definitions").WithTags("Definitions");

        api.MapGet("/", List).WithSummary("Every definition: its latest and its published version")
            .WithDescription("Archived definitions are left out; archived=include lists them among the others (with archivedAt), archived=only alone.");
        api.MapGet("/{definitionId}", Get).ProducesProblem(StatusCodes.Status404NotFound).WithSummary("A definition; version = latest (default), published or a number");
        api.MapGet("/{definitionId}/versions", Versions).ProducesProblem(StatusCodes.Status404NotFound).WithSummary("The version history");
        api.MapGet("/{definitionId}/export", Export).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The definition as a JSON file; format=elsa gives Elsa 3 JSON for Elsa Studio")
            .WithDescription("format=elsa writes Elsa's own activity types where they exist and our others (UserTask, GenerateDocument, Notify) " +
                "as custom activity entries 'Workflows.<Type>' with their inputs; importing that file here gives the same definition back.");
        api.MapPost("/validate", Validate).Accepts<WorkflowDefinition>("application/json").WithSummary("Validate a definition without saving it");

        var write = api.MapGroup("").RequireAuthorization(Policies.Designer);
        write.MapPost("/", Create).Accepts<WorkflowDefinition>("application/json").WithSummary("Create a new definition as a draft")
            .Audited(AuditActions.DefinitionCreate, "definitionId");
        write.MapPut("/{definitionId}", SaveDraft).Accepts<WorkflowDefinition>("application/json").Audited(AuditActions.DefinitionSave, "definitionId")
            .WithSummary("Save the draft; editing a published definition makes a new draft version")
            .WithDescription("Send If-Match with the ETag of the GET you edited (or the version in the body): if someone saved since, the answer is 409 and nothing is saved.");
        write.MapPost("/{definitionId}/publish", Publish).Audited(AuditActions.DefinitionPublish, "definitionId").WithSummary("Validate and publish the latest version (400 with the problems if invalid)");
        write.MapPost("/{definitionId}/unpublish", Unpublish).Audited(AuditActions.DefinitionUnpublish, "definitionId").ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Take the published version out of use: no new instances, its Timer, Cron or HTTP start stops; running instances go on");
        write.MapPost("/{definitionId}/revert/{version:int}", Revert).Audited(AuditActions.DefinitionRevert, "definitionId").WithSummary("Make a copy of an earlier version the draft");
        write.MapPost("/{definitionId}/archive", Archive).Audited(AuditActions.DefinitionArchive, "definitionId").ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Archive a definition: hidden from the list and from starting; matters running on it go on");
        write.MapDelete("/{definitionId}/archive", Restore).Audited(AuditActions.DefinitionRestore, "definitionId").ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Restore an archived definition to the list and to starting");
        write.MapDelete("/{definitionId}", Delete).Audited(AuditActions.DefinitionDelete, "definitionId")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Delete a definition that was never published (every draft version of it)")
            .WithDescription("A definition that has been published is refused with 409 DefinitionPublished: archive it instead.");
        write.MapPost("/import", Import).Audited(AuditActions.DefinitionImport, "definitionId")
            .Accepts<WorkflowDefinition>("application/json")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Import our JSON or an Elsa 3 workflow: the next version of the definition it names, or a new definition with ?definitionId=")
            .WithDescription("Elsa 3 files (Studio exports or server JSON) are detected and converted; an Elsa activity or expression that is not supported " +
                "is refused with 400 and one problem per activity, never imported in part. A file with validation errors is refused with its problems " +
                "unless asDraft=true. An unpublished draft of the same definition is only replaced with overwrite=true (409 otherwise).");
        return api;
    }

    private static async Task<Results<Ok<IReadOnlyList<DefinitionSummary>>, ValidationProblem>> List(
        string? archived, EfWorkflowDefinitionStore store, CancellationToken cancellationToken)
    {
        ArchivedFilter? filter = archived switch
        {
            null or "" or "exclude" => ArchivedFilter.Exclude,
            "include" => ArchivedFilter.Include,
            "only" => ArchivedFilter.Only,
            _ => null,
        };
        return filter is { } wanted
            ? TypedResults.Ok(await store.ListAsync(wanted, cancellationToken))
            : TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["archived"] = ["archived is exclude (the default), include or only"] });
    }

    private static async Task<NoContent> Archive(string definitionId, HttpContext http, EfWorkflowDefinitionStore store, CancellationToken cancellationToken)
    {
        await store.ArchiveAsync(definitionId, http.User.UserName(), cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> Restore(string definitionId, EfWorkflowDefinitionStore store, CancellationToken cancellationToken)
    {
        await store.RestoreAsync(definitionId, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> Delete(string definitionId, EfWorkflowDefinitionStore store, CancellationToken cancellationToken)
    {
        await store.DeleteAsync(definitionId, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<WorkflowDefinition>, ProblemHttpResult, ValidationProblem>> Get(
        string definitionId, string? version, HttpContext http, EfWorkflowDefinitionStore store, CancellationToken cancellationToken)
    {
        if (!VersionSelector.TryParse(version, out var selector))
        {
            return BadVersion(version);
        }
        if (await store.GetAsync(definitionId, selector, cancellationToken) is not { } definition)
        {
            return NotFound(definitionId, selector);
        }
        if (selector == VersionSelector.Latest)
        {
            http.Response.Headers.ETag = await store.TagAsync(definitionId, cancellationToken);
        }
        return TypedResults.Ok(definition);
    }

    private static async Task<Results<Ok<IReadOnlyList<DefinitionVersionInfo>>, ProblemHttpResult>> Versions(
        string definitionId, EfWorkflowDefinitionStore store, CancellationToken cancellationToken)
    {
        var versions = await store.ListVersionsAsync(definitionId, cancellationToken);
        return versions.Count > 0 ? TypedResults.Ok(versions) : NotFound($"no workflow definition '{definitionId}'");
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult, ValidationProblem>> Export(
        string definitionId, string? version, string? format, EfWorkflowDefinitionStore store, CancellationToken cancellationToken)
    {
        if (!VersionSelector.TryParse(version, out var selector))
        {
            return BadVersion(version);
        }
        if (format is not (null or "" or "workflows" or "elsa"))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["format"] = [$"'{format}' is not workflows or elsa"] });
        }
        if (format == "elsa")
        {
            return await store.GetAsync(definitionId, selector, cancellationToken) is { } definition
                ? TypedResults.File(System.Text.Encoding.UTF8.GetBytes(ElsaExporter.Export(definition).ToJsonString(WorkflowDefinitionSerializer.Options)),
                    "application/json", $"{definitionId}.elsa.json")
                : NotFound(definitionId, selector);
        }
        return await store.ExportAsync(definitionId, selector, cancellationToken) is { } json
            ? TypedResults.File(System.Text.Encoding.UTF8.GetBytes(json), "application/json", $"{definitionId}.json")
            : NotFound(definitionId, selector);
    }

    private static Ok<ValidationReport> Validate(DefinitionBody body, WorkflowValidator validator) =>
        TypedResults.Ok(Report(validator.Validate(body.Definition)));

    private static async Task<Results<Created<WorkflowDefinition>, ValidationProblem>> Create(
        DefinitionBody body, HttpContext http, EfWorkflowDefinitionStore store, CancellationToken cancellationToken)
    {
        var definition = body.Definition;
        if (string.IsNullOrWhiteSpace(definition.DefinitionId))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["definitionId"] = ["definitionId is required"] });
        }
        var created = await store.CreateAsync(definition, http.User.UserName(), cancellationToken);
        return TypedResults.Created($"/api/workflow-definitions/{created.DefinitionId}", created);
    }

    private static async Task<Results<Ok<WorkflowDefinition>, ValidationProblem>> SaveDraft(
        string definitionId, DefinitionBody body, HttpContext http, EfWorkflowDefinitionStore store, CancellationToken cancellationToken)
    {
        var definition = body.Definition;
        if (!string.IsNullOrEmpty(definition.DefinitionId) && definition.DefinitionId != definitionId)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["definitionId"] = [$"the body names '{definition.DefinitionId}' but the address names '{definitionId}'"],
            });
        }
        definition.DefinitionId = definitionId;
        var loaded = http.Request.Headers.IfMatch.ToString();
        var saved = await store.SaveDraftAsync(definition, http.User.UserName(), cancellationToken, string.IsNullOrEmpty(loaded) ? null : loaded);
        http.Response.Headers.ETag = await store.TagAsync(definitionId, cancellationToken);
        return TypedResults.Ok(saved);
    }

    private static async Task<Results<Ok<WorkflowDefinition>, ValidationProblem>> Publish(
        string definitionId, HttpContext http, EfWorkflowDefinitionStore store, CancellationToken cancellationToken)
    {
        var result = await store.PublishAsync(definitionId, http.User.UserName(), cancellationToken);
        if (result.Definition is { } published)
        {
            return TypedResults.Ok(published);
        }
        var errors = result.Problems.Where(p => p.Severity == ValidationSeverity.Error)
            .GroupBy(p => p.ActivityId ?? "(definition)")
            .ToDictionary(g => g.Key, g => g.Select(p => $"{p.Code}: {p.Message}").ToArray());
        return TypedResults.ValidationProblem(errors, detail: $"definition '{definitionId}' has validation errors and was not published",
            extensions: new Dictionary<string, object?> { ["problems"] = result.Problems.Select(ProblemItem.From).ToList() });
    }

    private static async Task<Ok<UnpublishResult>> Unpublish(string definitionId, EfWorkflowDefinitionStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(new UnpublishResult(definitionId, await store.UnpublishAsync(definitionId, cancellationToken)));

    private static async Task<Ok<WorkflowDefinition>> Revert(
        string definitionId, int version, HttpContext http, EfWorkflowDefinitionStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.RevertAsync(definitionId, version, http.User.UserName(), cancellationToken));

    private static async Task<Results<Created<WorkflowDefinition>, ValidationProblem>> Import(
        HttpRequest request, [FromQuery] string? definitionId, [FromQuery] bool? asDraft, [FromQuery] bool? overwrite,
        EfWorkflowDefinitionStore store, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body);
        var json = await reader.ReadToEndAsync(cancellationToken);
        var options = new ImportOptions(AsDraft: asDraft ?? false, Overwrite: overwrite ?? false);
        var result = await store.ImportAsync(json, definitionId, request.HttpContext.User.UserName(), options, cancellationToken);
        if (result.Definition is { } imported)
        {
            return TypedResults.Created($"/api/workflow-definitions/{imported.DefinitionId}", imported);
        }
        var errors = result.Problems.Where(p => p.Severity == ValidationSeverity.Error)
            .GroupBy(p => p.ActivityId ?? "(definition)")
            .ToDictionary(g => g.Key, g => g.Select(p => $"{p.Code}: {p.Message}").ToArray());
        var detail = result.Refused
            ? "the Elsa workflow uses what Workflows does not support; nothing was imported"
            : "the file has validation errors and was not imported; import with asDraft=true to keep it as a draft";
        return TypedResults.ValidationProblem(errors, detail: detail,
            extensions: new Dictionary<string, object?> { ["problems"] = result.Problems.Select(ProblemItem.From).ToList() });
    }

    private static ValidationReport Report(IReadOnlyList<Workflows.Core.Validation.ValidationProblem> problems) =>
        new(!problems.Any(p => p.Severity == ValidationSeverity.Error), problems.Select(ProblemItem.From).ToList());

    private static ValidationProblem BadVersion(string? version) => TypedResults.ValidationProblem(
        new Dictionary<string, string[]> { ["version"] = [$"'{version}' is not latest, published or a version number"] });

    private static ProblemHttpResult NotFound(string definitionId, VersionSelector selector) =>
        NotFound($"no {selector} version of definition '{definitionId}'");

    private static ProblemHttpResult NotFound(string detail) => TypedResults.Problem(new ProblemDetails
    {
        Title = ErrorCodes.DefinitionNotFound,
        Status = StatusCodes.Status404NotFound,
        Detail = detail,
    });
}
