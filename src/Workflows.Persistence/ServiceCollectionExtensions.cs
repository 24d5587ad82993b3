using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Workflows.Core.Definitions;
using Workflows.Core.Runtime;
using Workflows.Persistence.Changes;
using Workflows.Persistence.Database;
using Workflows.Persistence.Definitions;
using Workflows.Persistence.Instances;

namespace Workflows.Persistence;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// The database chosen by <c>Workflows:Database:Provider</c> (<see cref="DatabaseOptions"/>), and the EF stores in
    /// place of the engine's in-memory ones, whether <c>AddWorkflowEngine()</c> ran before or runs after. Registers
    /// <see cref="IDbContextFactory{WorkflowsDbContext}"/> (a context per unit of work) and a scoped
    /// <see cref="WorkflowsDbContext"/> for ASP.NET Core Identity's stores. Create or migrate the schema at start with
    /// <see cref="DatabaseInitializer.MigrateWorkflowDatabaseAsync"/>.
    /// </summary>
    public static IServiceCollection AddWorkflowPersistence(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseOptions>()
            .Bind(configuration.GetSection(DatabaseOptions.SectionName))
            .Configure(o => o.ConnectionString = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>());
        services.TryAddSingleton<IDbContextFactory<WorkflowsDbContext>, WorkflowsDbContextFactory>();
        services.TryAddScoped(sp => sp.GetRequiredService<IDbContextFactory<WorkflowsDbContext>>().CreateDbContext());
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<ChangeOptions>().Bind(configuration.GetSection(ChangeOptions.SectionName));
        services.TryAddSingleton<ChangeBackplanes>();

        services.TryAddSingleton<EfWorkflowInstanceStore>();
        services.TryAddSingleton<EfWorkflowDefinitionStore>();
        services.Replace(ServiceDescriptor.Singleton<IWorkflowInstanceStore>(sp => sp.GetRequiredService<EfWorkflowInstanceStore>()));
        services.Replace(ServiceDescriptor.Singleton<IWorkflowDefinitionSource>(sp => sp.GetRequiredService<EfWorkflowDefinitionStore>()));
        return services;
    }
}
