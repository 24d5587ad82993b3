using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Workflows.Core.Organisation;
using Workflows.Core.Runtime;
using Workflows.Persistence.Definitions;
using Workflows.Server.Auth;

namespace Workflows.Server.Simulation;

public static class SimulationApi
{
    public static RouteHandlerBuilder MapSimulationApi(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/workflow-definitions/{id}/simulate", Simulate).WithTags("Simulation").RequireAuthorization(Policies.Designer)
            .WithSummary("试运行: run a version (the draft too) on a simulated clock; nothing is stored, sent or numbered")
            .WithDescription("{ version: \"latest\" | \"published\" | N, input, startAt, startedBy?, actions: [ { activityId, outcome, afterWorkingDays, comment, data, actor? } ], untilIdle } → { status, result, timeline, problems }.");

    private static async Task<Results<Ok<SimulationResult>, ProblemHttpResult, ValidationProblem>> Simulate(
        string id, SimulateRequest request, HttpContext http, EfWorkflowDefinitionStore definitions, DefinitionSimulator simulator,
        IOrganisationDirectory organisation, CancellationToken cancellationToken)
    {
        if (request.StartedBy is { } starter && !organisation.UserExists(starter))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["startedBy"] = [$"no user '{starter}'"] });
        }
        var text = request.Version is JsonValue value ? value.ToString() : null;
        if (request.Version is not null and not JsonValue || !VersionSelector.TryParse(text, out var selector))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["version"] = ["version is \"latest\", \"published\" or a version number"] });
        }
        if (request.Actions?.FirstOrDefault(a => string.IsNullOrWhiteSpace(a.ActivityId) || string.IsNullOrWhiteSpace(a.Outcome)) is not null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["actions"] = ["every action names an activityId and an outcome"] });
        }
        if (request.Actions?.Any(a => a.AfterWorkingDays < 0) == true)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["actions"] = ["afterWorkingDays is 0 or more"] });
        }
        if (await definitions.GetAsync(id, selector, cancellationToken) is not { } definition)
        {
            return TypedResults.Problem(new ProblemDetails { Title = ErrorCodes.DefinitionNotFound, Status = StatusCodes.Status404NotFound, Detail = $"no definition '{id}' version {selector}" });
        }
        return TypedResults.Ok(await simulator.RunAsync(definition, request, http.User.UserName(), cancellationToken));
    }
}
