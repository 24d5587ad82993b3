using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Workflows.Designer.Shell;

namespace Workflows.Designer.Work;

public static class WorkNavigation
{
    public const string Inbox = "/inbox";
    public const string Start = "/start";
    public const string Dashboard = "/dashboard";
    public const string Admin = "/admin";
    public const string AdminRole = "admin";

    /// <summary>The daily-work pages in the side navigation: the inbox (also at "/"), 发起, the dashboard and administration.</summary>
    public static IServiceCollection AddWorkPages(this IServiceCollection services)
    {
        services.AddNavigationEntry(new NavigationEntry(Inbox, "Nav_Inbox", Icons.Material.Filled.Inbox, 10));
        services.AddNavigationEntry(new NavigationEntry(Start, "Nav_Start", Icons.Material.Filled.PlayArrow, 20));
        services.AddNavigationEntry(new NavigationEntry(Dashboard, "Nav_Dashboard", Icons.Material.Filled.Dashboard, 30));
        services.AddNavigationEntry(new NavigationEntry(Admin, "Nav_Admin", Icons.Material.Filled.AdminPanelSettings, 90, AdminRole));
        return services;
    }
}
