using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Workflows.Designer.Services;

namespace Workflows.Server.Dashboard;

/// <summary>/api/dashboard: the figures the dashboard page shows, for integrations and monitoring.</summary>
public static class DashboardApi
{
    // Kept figures are asked for again and again: each is written as JSON once (an office's answer is some 90 KB).
    private static readonly ConditionalWeakTable<DashboardView, byte[]> Written = [];

    public static RouteHandlerBuilder MapDashboardApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/dashboard", Get)
            .Produces<DashboardView>()
            .WithTags("Dashboard")
            .WithSummary($"Open tasks by procedure and department (all, due soon, overdue), the most overdue tasks (overdueLimit, default {DashboardFigures.OverdueListed}, at most {DashboardFigures.MaxOverdueListed}) with the count of all of them and per step, working days per step over the last {DashboardFigures.Days} days and matters per week over the last {DashboardFigures.Weeks} weeks: everything the caller may see (administrators: all; others: their inbox and the people they supervise); asOf says when they were summed up: what was read is kept, the matters a step changed are read again at the caller's next look, deadlines passing count at the look they pass before, and everything is read again in the background once the last full read is Workflows:Dashboard:MaxAge (a minute) old, shown from the look after it ends");

    private static async Task<Results<FileContentHttpResult, ValidationProblem>> Get(
        HttpContext http, DashboardFigures figures, IOptions<JsonOptions> json, int? overdueLimit, CancellationToken cancellationToken)
    {
        if (overdueLimit is < 1 or > DashboardFigures.MaxOverdueListed)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["overdueLimit"] = [$"overdueLimit is 1 to {DashboardFigures.MaxOverdueListed}"],
            });
        }
        var view = await figures.LoadAsync(http.RequestServices, http.User, cancellationToken, overdueLimit ?? DashboardFigures.OverdueListed);
        return TypedResults.Bytes(Written.GetValue(view, v => JsonSerializer.SerializeToUtf8Bytes(v, json.Value.SerializerOptions)), "application/json; charset=utf-8");
    }
}
