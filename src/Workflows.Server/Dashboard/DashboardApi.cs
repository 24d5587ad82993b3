using Workflows.Designer.Services;

namespace Workflows.Server.Dashboard;

/// <summary>/api/dashboard: the figures the dashboard page shows, for integrations and monitoring.</summary>
public static class DashboardApi
{
    public static RouteHandlerBuilder MapDashboardApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/dashboard", (HttpContext http, DashboardFigures figures, CancellationToken cancellationToken) =>
                figures.LoadAsync(http.RequestServices, http.User, cancellationToken))
            .WithTags("Dashboard").Produces<DashboardView>()
            .WithSummary($"Open tasks by procedure and department (all, due soon, overdue), the overdue list, working days per step over the last {DashboardFigures.Days} days and matters per week over the last {DashboardFigures.Weeks} weeks: everything the caller may see (administrators: all; others: their inbox and the people they supervise)");
}
