using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Workflows.Core.Definitions;
using Workflows.Core.Migration;
using Workflows.Core.Runtime;
using Workflows.Persistence;
using Workflows.Server.Auth;

namespace Workflows.Server.Instances.Migration;

/// <summary>
/// 迁移: move running matters to another version of their definition, one or many, with <c>?dryRun=true</c> to see
/// first what would happen. Each matter moves whole or not at all, in its own transaction.
/// </summary>
public static class MigrationApi
{
    public static void MapMigrationApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/workflow-instances/{id}/migrate", MigrateInstance).WithTags("Migration").RequireAuthorization(Policies.Admin)
            .WithSummary("Move a running matter to another version; ?dryRun=true reports without changing anything")
            .WithDescription("{ toVersion, activityMap: { oldId: newId }, reason? }. 409 with `problems` when a step it waits at has no counterpart.");
        app.MapPost("/api/workflow-definitions/{id}/migrate", MigrateDefinition).WithTags("Migration").RequireAuthorization(Policies.Admin)
            .WithSummary("Move the running matters of one version (or the listed ones) to another; ?dryRun=true reports per matter");
        app.MapGet("/api/workflow-definitions/{id}/running", Running).WithTags("Migration").RequireAuthorization(Policies.Designer)
            .WithSummary("How many matters that have not ended run on each version");
    }

    private static async Task<Results<Ok<MigrationReport>, ProblemHttpResult, ValidationProblem>> MigrateInstance(
        string id, MigrateInstanceRequest request, bool? dryRun, HttpContext http, DefinitionMigration migration, CancellationToken cancellationToken)
    {
        if (request.ToVersion is not { } to)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["toVersion"] = ["toVersion is required"] });
        }
        var report = await migration.MigrateOneAsync(id, new MigrateInstance(to, request.ActivityMap, request.Reason), http.User.UserName(), dryRun == true, cancellationToken);
        if (report.Refused)
        {
            var problem = new ProblemDetails
            {
                Title = "MigrationRefused",
                Status = StatusCodes.Status409Conflict,
                Detail = $"instance {id} was not moved: {string.Join("; ", report.Problems)}",
            };
            problem.Extensions["problems"] = report.Problems;
            return TypedResults.Problem(problem);
        }
        return TypedResults.Ok(report);
    }

    private static async Task<Results<Ok<BulkMigrationReport>, ProblemHttpResult, ValidationProblem>> MigrateDefinition(
        string id, MigrateDefinitionRequest request, bool? dryRun, HttpContext http, IWorkflowDefinitionSource definitions,
        DefinitionMigration migration, CancellationToken cancellationToken)
    {
        if (request.FromVersion is not { } from)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["fromVersion"] = ["fromVersion is required"] });
        }
        if (await definitions.FindAsync(id, from, cancellationToken) is null)
        {
            return TypedResults.Problem(new ProblemDetails { Title = ErrorCodes.DefinitionNotFound, Status = StatusCodes.Status404NotFound, Detail = $"definition '{id}' has no version {from}" });
        }
        if (await ValidateAsync(definitions, id, from, request.ToVersion, request.ActivityMap, cancellationToken) is { } invalid)
        {
            return Refusal<Ok<BulkMigrationReport>>(invalid);
        }
        var command = new MigrateInstance(request.ToVersion!.Value, request.ActivityMap, request.Reason);
        return TypedResults.Ok(await migration.RunAsync(id, from, command, request.InstanceIds, http.User.UserName(), dryRun == true, cancellationToken));
    }

    private static async Task<Ok<IReadOnlyList<RunningOnVersion>>> Running(string id, DefinitionMigration migration, CancellationToken cancellationToken) =>
        TypedResults.Ok(await migration.RunningAsync(id, cancellationToken));

    /// <summary>The target version exists and the map names steps of both versions.</summary>
    internal static async Task<IResult?> ValidateAsync(
        IWorkflowDefinitionSource definitions, string definitionId, int fromVersion, int? toVersion, Dictionary<string, string>? map,
        CancellationToken cancellationToken)
    {
        if (toVersion is not { } to)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["toVersion"] = ["toVersion is required"] });
        }
        if (await definitions.FindAsync(definitionId, to, cancellationToken) is not { } target)
        {
            return TypedResults.Problem(new ProblemDetails { Title = ErrorCodes.DefinitionNotFound, Status = StatusCodes.Status404NotFound, Detail = $"definition '{definitionId}' has no published version {to}" });
        }
        try
        {
            InstanceMigrator.CheckMap(map ?? [], await definitions.FindAsync(definitionId, fromVersion, cancellationToken), target);
            return null;
        }
        catch (WorkflowInputException ex)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["activityMap"] = [.. ex.Errors.Select(e => e.Message)] });
        }
    }

    private static Results<TOk, ProblemHttpResult, ValidationProblem> Refusal<TOk>(IResult refusal) where TOk : IResult => refusal switch
    {
        ValidationProblem invalid => invalid,
        ProblemHttpResult problem => problem,
        _ => throw new InvalidOperationException($"unexpected refusal {refusal.GetType().Name}"),
    };
}
