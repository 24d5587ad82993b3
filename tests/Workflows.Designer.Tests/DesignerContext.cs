using Bunit.TestDoubles;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using Workflows.Core;
using Workflows.Core.Activities;
using Workflows.Core.Expressions;
using Workflows.Designer.Services;

namespace Workflows.Designer.Tests;

/// <summary>
/// A bUnit context with the designer's real services: the engine's activity registry and expression evaluator,
/// MudBlazor, the resource strings. Disposed asynchronously because MudBlazor's popover service only disposes that way.
/// </summary>
public abstract class DesignerContext : IAsyncLifetime
{
    // bUnit waits 1 s for a render by default; beside the other test assemblies on a 2-core CI machine a debounced
    // input took longer (PropertyPanelTests failed once that way). A wait ends as soon as its assertion passes.
    static DesignerContext() => BunitContext.DefaultWaitTimeout = TimeSpan.FromSeconds(10);

    protected DesignerContext()
    {
        Context.JSInterop.Mode = JSRuntimeMode.Loose;
        var services = Context.Services;
        services.AddWorkflowEngine();
        services.AddMudServices();
        services.AddLocalization();
        services.AddTransient<MudLocalizer, Resources.MudStrings>();
        services.AddSingleton<IActivityCatalog>(sp => new EngineActivityCatalog(sp.GetRequiredService<ActivityRegistry>()));
        services.AddSingleton<IExpressionChecker>(sp => new EngineExpressionChecker(sp.GetRequiredService<IExpressionEvaluator>()));
        services.AddSingleton(new OfficeTime(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")));
        services.AddSingleton<IOrganisationClient>(new FixedOrganisation(Organisation));
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<PeopleNames>();
        Context.AddAuthorization().SetAuthorized("designer").SetRoles("designer");
    }

    protected BunitContext Context { get; } = new();

    protected IActivityCatalog Catalog => Context.Services.GetRequiredService<IActivityCatalog>();

    /// <summary>A small organisation, as GET /api/org/* would return it.</summary>
    protected static OrganisationView Organisation { get; } = new(
        [new OrgUser("zhang.san", "张三", "health"), new OrgUser("li.si", "李四", "health")],
        [new OrgRole("health-office", "健康专家委员会办公室"), new OrgRole("drafter", "起草部门经办人")],
        [new OrgDepartment("health", "区卫生健康和体育局", "district"), new OrgDepartment("district", "阳泉市城区人民政府"),
         new OrgDepartment("mall-a", "甲商场", "district")]);

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>The organisation above, as the server's client would load it.</summary>
    private sealed class FixedOrganisation(OrganisationView organisation) : IOrganisationClient
    {
        public Task<OrganisationView> LoadAsync(CancellationToken cancellationToken) => Task.FromResult(organisation);
    }

    public async Task DisposeAsync() => await Context.DisposeAsync();
}
