using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor;
using MudBlazor.Services;
using Workflows.Designer.Shell;
using Workflows.Designer.Work;

namespace Workflows.Designer;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// The UI's own services: MudBlazor, localisation and the designer's navigation entry. The host adds the
    /// implementations of <see cref="Services.IDefinitionsClient"/>, <see cref="Services.IActivityCatalog"/>,
    /// <see cref="Services.IExpressionChecker"/> and <see cref="Services.IOrganisationClient"/>.
    /// </summary>
    public static IServiceCollection AddWorkflowsUi(this IServiceCollection services)
    {
        // Messages appear bottom right, clear of the toolbars' buttons at the top.
        services.AddMudServices(o => o.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomRight);
        services.AddLocalization();
        services.AddTransient<MudLocalizer, Resources.MudStrings>();
        services.AddCascadingAuthenticationState();
        services.TryAddSingleton(Services.OfficeTime.Local);
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<Services.PeopleNames>();
        services.AddWorkPages();
        services.AddNavigationEntry(new NavigationEntry(ShellRoutes.Home, "Nav_Designer", Icons.Material.Filled.AccountTree, 50, Services.DesignerRoles.Designers));
        return services;
    }

    /// <summary>Adds an item to the side navigation (see README.md, "Adding a page").</summary>
    public static IServiceCollection AddNavigationEntry(this IServiceCollection services, NavigationEntry entry) =>
        services.AddSingleton(entry);
}
