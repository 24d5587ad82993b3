using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Workflows.Core.Adjustments;
using Workflows.Core.Runtime;
using Workflows.Persistence;
using Workflows.Server.Auth;

namespace Workflows.Server.Instances.Adjustments;

/// <summary>
/// 调整 a running matter: 改派, 延期, 跳转, set a variable. Each needs a reason, is one transaction against the matter's
/// version (or the <c>expectedVersion</c> sent), and is journalled with who and why. 400 names the bad field, 404 an
/// unknown matter or task, 409 a matter that has ended or changed meanwhile.
/// </summary>
public static class AdjustmentsApi
{
    public static RouteGroupBuilder MapInstanceAdjustmentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/workflow-instances/{id}").WithTags("Adjustments");
        api.MapPost("/tasks/{taskId}/reassign", Reassign).WithSummary("改派: give an open task to another person, with a reason")
            .WithDescription("{ userName, from?, reason, expectedVersion? }: an unclaimed task is assigned to the person; a claimed one replaces `from` (needed in 会签).");
        api.MapPost("/tasks/{taskId}/due", ChangeDueDate).WithSummary("延期: a new due date (and limit) for an open task, with a reason")
            .WithDescription("{ dueAt: \"YYYY-MM-DD\" (end of that day) or a date-time, hardDueAt?, reason, expectedVersion? }; the reminder and escalation timers follow the new date.");
        api.MapPost("/jump", Jump).WithSummary("跳转: cancel the open work and continue at a chosen step, with a reason");
        api.MapPut("/variables/{name}", ChangeVariable).WithSummary("Set a variable of the matter, with a reason");
        return api;
    }

    private static Task<Results<Ok<InstanceView>, ProblemHttpResult, ForbidHttpResult>> Reassign(
        string id, string taskId, ReassignRequest request, HttpContext http, Guard guard, AuditedAdjuster adjuster, CancellationToken cancellationToken) =>
        guard.RunAsync(http, id, me => adjuster.ReassignAsync(id, new ReassignTask(taskId, request.UserName, request.From, request.Reason), me, request.ExpectedVersion, cancellationToken), cancellationToken);

    private static Task<Results<Ok<InstanceView>, ProblemHttpResult, ForbidHttpResult>> ChangeDueDate(
        string id, string taskId, DueDateRequest request, HttpContext http, Guard guard, AuditedAdjuster adjuster, CancellationToken cancellationToken) =>
        guard.RunAsync(http, id, me => adjuster.ChangeDueDateAsync(id, new ChangeDueDate(taskId, request.DueAt, request.HardDueAt, request.Reason), me, request.ExpectedVersion, cancellationToken), cancellationToken);

    private static Task<Results<Ok<InstanceView>, ProblemHttpResult, ForbidHttpResult>> Jump(
        string id, JumpRequest request, HttpContext http, Guard guard, AuditedAdjuster adjuster, CancellationToken cancellationToken) =>
        guard.RunAsync(http, id, me => adjuster.JumpAsync(id, new JumpTo(request.ActivityId, request.Reason), me, request.ExpectedVersion, cancellationToken), cancellationToken);

    private static Task<Results<Ok<InstanceView>, ProblemHttpResult, ForbidHttpResult>> ChangeVariable(
        string id, string name, VariableRequest request, HttpContext http, Guard guard, AuditedAdjuster adjuster, CancellationToken cancellationToken) =>
        guard.RunAsync(http, id, me => adjuster.ChangeVariableAsync(id, new ChangeVariable(name, request.Value, request.Reason), me, request.ExpectedVersion, cancellationToken), cancellationToken);

    /// <summary>Who may adjust: 404 for a matter the caller may neither see nor adjust, 403 for one they see but may not adjust.</summary>
    public sealed class Guard(WorkflowsDbContext db, InstanceAccess access, AdjustmentPermissions permissions)
    {
        public async Task<Results<Ok<InstanceView>, ProblemHttpResult, ForbidHttpResult>> RunAsync(
            HttpContext http, string id, Func<string, Task<WorkflowInstance>> adjust, CancellationToken cancellationToken)
        {
            var record = await db.Instances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
            if (record is null || !await permissions.MayAdjustAsync(http.User, record, cancellationToken))
            {
                return record is not null && await access.FindAsync(http.User, id, cancellationToken) is not null
                    ? TypedResults.Forbid()
                    : TypedResults.Problem(new ProblemDetails
                    {
                        Title = ErrorCodes.InstanceNotFound,
                        Status = StatusCodes.Status404NotFound,
                        Detail = $"no workflow instance '{id}' that you may adjust",
                    });
            }
            return TypedResults.Ok(InstanceView.From(await adjust(http.User.UserName())));
        }
    }
}
