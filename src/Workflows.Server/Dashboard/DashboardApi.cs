using Microsoft.AspNetCore.Http.HttpResults;
using Workflows.Designer.Services;

namespace Workflows.Server.Dashboard;

/// <summary>/api/dashboard: the figures the dashboard page shows, for integrations and monitoring.</summary>
public static class DashboardApi
{
    public static RouteHandlerBuilder MapDashboardApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/dashboard", Get)
            .WithTags("Dashboard")
            .WithSummary($"Open tasks by procedure and department (all, due soon, overdue), the most overdue tasks (overdueLimit, default {DashboardFigures.OverdueListed}, at most {DashboardFigures.MaxOverdueListed}) with the count of all of them and per step, working days per step over the last {DashboardFigures.Days} days and matters per week over the last {DashboardFigures.Weeks} weeks: everything the caller may see (administrators: all; others: their inbox and the people they supervise); asOf says when they were computed: they are kept until a step changes the caller's work, and at most Workflows:Dashboard:MaxAge (a minute)");

    private static async Task<Results<Ok<DashboardView>, ValidationProblem>> Get(
        HttpContext http, DashboardFigures figures, int? overdueLimit, CancellationToken cancellationToken)
    {
        if (overdueLimit is < 1 or > DashboardFigures.MaxOverdueListed)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["overdueLimit"] = [$"overdueLimit is 1 to {DashboardFigures.MaxOverdueListed}"],
            });
        }
        return TypedResults.Ok(await figures.LoadAsync(http.RequestServices, http.User, cancellationToken, overdueLimit ?? DashboardFigures.OverdueListed));
    }
}
