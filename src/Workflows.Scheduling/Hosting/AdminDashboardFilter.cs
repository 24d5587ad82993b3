using Hangfire.Dashboard;

namespace Workflows.Scheduling.Hosting;

/// <summary>The Hangfire dashboard is for administrators: whoever the server's authentication says is in the admin role.</summary>
internal sealed class AdminDashboardFilter(string adminRole) : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) =>
        context.GetHttpContext().User is { Identity.IsAuthenticated: true } user && user.IsInRole(adminRole);
}
