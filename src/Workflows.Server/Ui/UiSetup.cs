using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Workflows.Core.Runtime;
using Workflows.Designer;
using Workflows.Designer.Services;

namespace Workflows.Server.Ui;

/// <summary>Hosts the Blazor UI (designer and shell) in the server: Interactive Server, sign-in by the Identity cookie.</summary>
public static class UiSetup
{
    /// <summary>Imported JSON and the JSON view travel browser→server in one message; 32 KB (the default) drops them.</summary>
    public const long MaximumReceiveMessageSize = 8 * 1024 * 1024;

    public static readonly CultureInfo[] Cultures = [new("zh-CN"), new("en")];

    public static void AddWorkflowUi(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // `dotnet run` outside Development: the designer's and MudBlazor's files live in their packages and projects,
        // listed by the build's static web assets manifest; published output has them in wwwroot and no manifest.
        builder.WebHost.UseStaticWebAssets();
        services.AddRazorComponents()
            .AddInteractiveServerComponents()
            .AddHubOptions(o => o.MaximumReceiveMessageSize = MaximumReceiveMessageSize);
        services.AddSingleton(sp => new OfficeTime(sp.GetRequiredService<WorkflowEngineOptions>().ResolveTimeZone()));
        services.AddWorkflowsUi();
        services.AddScoped<IDefinitionsClient, ServerDefinitionsClient>();
        services.AddSingleton<IActivityCatalog, EngineActivityCatalog>();
        services.AddSingleton<IExpressionChecker, EngineExpressionChecker>();
        services.AddScoped<IOrganisationClient, ServerOrganisationClient>();
        services.AddScoped<IWorkClient, Work.ServerWorkClient>();
        services.AddScoped<IAdjustmentClient, Work.ServerAdjustmentClient>();
        services.AddScoped<ITrialRunClient, ServerTrialRunClient>();
        services.AddSingleton<Work.WorkingDays>();
        services.AddScoped<Work.MatterFacts>();
        services.AddScoped<IDashboardClient, Work.ServerDashboardClient>();
        services.AddScoped<UserCircuit>();
        services.AddScoped<CircuitActivity>();
        services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler>(sp => sp.GetRequiredService<CircuitActivity>());
        services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, SessionRevalidation>();
        services.AddScoped<Admin.AdminCircuit>();
        services.AddScoped<IOrganisationAdminClient, Admin.ServerOrganisationAdminClient>();
        services.AddScoped<ICalendarClient, Admin.ServerCalendarClient>();
        services.AddScoped<IMailAdminClient, Admin.ServerMailAdminClient>();
        services.AddScoped<IStartTriggersClient, Admin.ServerStartTriggersClient>();
        services.AddScoped<IDocumentTemplatesClient, Admin.ServerDocumentTemplatesClient>();
        services.AddScoped<IDocumentRegisterClient, Admin.ServerDocumentRegisterClient>();
        services.AddScoped<ILedgersClient, Admin.ServerLedgersClient>();
        services.AddScoped<IDocumentDraftsClient, Work.ServerDocumentDraftsClient>();
        services.AddScoped<IAuditClient, Admin.ServerAuditClient>();
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(Cultures[0]);
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            // Chinese unless the user chose otherwise: the browser's language is not asked.
            o.RequestCultureProviders = [new CookieRequestCultureProvider()];
        });
    }

    public static void MapWorkflowUi(this WebApplication app)
    {
        app.UseRequestLocalization();
        app.UseAntiforgery();
        app.MapStaticAssets().AllowAnonymous();
        app.MapAccountEndpoints();
        app.MapRazorComponents<App>()
            .AddInteractiveServerRenderMode()
            .AddAdditionalAssemblies(typeof(Routes).Assembly);
    }
}
