using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Workflows.Core.Runtime;
using Workflows.Persistence.Definitions;

namespace Workflows.Server.Hosting;

/// <summary>
/// Turns the engine's refusals into Problem Details at the edge: a refused command is 400/404/409 by its code, a lost
/// race 409, an unreadable body 400 naming what is wrong. Anything else is a bug and stays a 500.
/// </summary>
internal sealed class WorkflowProblemHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            WorkflowInputException input => new HttpValidationProblemDetails(
                input.Errors.GroupBy(e => e.Name).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()))
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "Invalid input",
                Detail = input.Message,
            },
            WorkflowCommandException command => new ProblemDetails
            {
                Status = StatusFor(command.Code),
                Title = command.Code,
                Detail = command.Message,
            },
            WorkflowConcurrencyException concurrency => new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "Changed by someone else",
                Detail = concurrency.Message,
            },
            BadHttpRequestException bad => new ProblemDetails
            {
                Status = bad.StatusCode,
                Title = "Bad request",
                Detail = bad.InnerException is JsonException json ? $"{bad.Message} {json.Message}" : bad.Message,
            },
            _ => null,
        };
        if (problem is null)
        {
            return false;
        }
        if (problem.Title is { } code && exception is WorkflowCommandException)
        {
            problem.Extensions["code"] = code;
        }
        context.Response.StatusCode = problem.Status ?? StatusCodes.Status400BadRequest;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    public static int StatusFor(string code) => code switch
    {
        ErrorCodes.InstanceNotFound or ErrorCodes.DefinitionNotFound or ErrorCodes.BookmarkNotFound
            or DefinitionErrorCodes.VersionNotFound => StatusCodes.Status404NotFound,
        ErrorCodes.InstanceNotRunning or ErrorCodes.InstanceNotFaulted or ErrorCodes.TimerNotDue or ErrorCodes.SignalNotAwaited
            or ErrorCodes.NotYourTask or ErrorCodes.AlreadyClaimed or ErrorCodes.NoOpenTasks
            or DefinitionErrorCodes.DefinitionExists or DefinitionErrorCodes.DraftExists
            or DefinitionErrorCodes.DefinitionPublished or DefinitionErrorCodes.DefinitionArchived => StatusCodes.Status409Conflict,
        ErrorCodes.UrgeTooSoon => StatusCodes.Status429TooManyRequests,
        _ => StatusCodes.Status400BadRequest,
    };
}
