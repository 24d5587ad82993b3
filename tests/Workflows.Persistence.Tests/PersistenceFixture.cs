using Workflows.Core.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Workflows.Core;
using Workflows.Core.Definitions;
using Workflows.Core.Runtime;
using Workflows.Persistence.Database;
using Workflows.Persistence.Definitions;
using Workflows.Persistence.Instances;

namespace Workflows.Persistence.Tests;

/// <summary>The real engine on the EF stores over a fresh, migrated database, with a fake clock; each test builds its own.</summary>
public sealed class PersistenceFixture : IAsyncDisposable
{
    private readonly TestDatabase _database;

    private PersistenceFixture(TestDatabase database, ServiceProvider services, FakeTimeProvider clock)
    {
        _database = database;
        Services = services;
        Clock = clock;
    }

    public static TheoryData<DatabaseProvider> Providers => [DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql];

    public FakeTimeProvider Clock { get; }
    public ServiceProvider Services { get; }
    public DatabaseProvider Provider => _database.Provider;
    public WorkflowEngine Engine => Services.GetRequiredService<WorkflowEngine>();
    public IWorkflowInstanceStore Instances => Services.GetRequiredService<IWorkflowInstanceStore>();
    public EfWorkflowDefinitionStore Definitions => Services.GetRequiredService<EfWorkflowDefinitionStore>();

    /// <param name="configure">Runs after the engine and persistence are registered, to add interceptors or decorators.</param>
    public static async Task<PersistenceFixture> StartAsync(DatabaseProvider provider, Action<IServiceCollection>? configure = null)
    {
        var database = TestDatabase.Create(provider);
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 9, 26, 1, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        // The people the flows assign: the reviewer holds the role the tasks are offered to.
        services.AddSingleton<IOrganisationDirectory>(new InMemoryOrganisationDirectory()
            .AddUser("starter").AddUser("reviewer", roles: "reviewer").AddUser("reviewer2", roles: "reviewer"));
        services.AddWorkflowEngine();
        services.AddWorkflowPersistence(database.Configuration);
        configure?.Invoke(services);
        var provided = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        await provided.MigrateWorkflowDatabaseAsync();
        return new PersistenceFixture(database, provided, clock);
    }

    public WorkflowsDbContext Db() => Services.GetRequiredService<IDbContextFactory<WorkflowsDbContext>>().CreateDbContext();

    /// <summary>Creates and publishes the definition, failing the test if it does not validate.</summary>
    public async Task<WorkflowDefinition> PublishAsync(WorkflowDefinition definition)
    {
        await Definitions.CreateAsync(definition, "designer", default);
        var result = await Definitions.PublishAsync(definition.DefinitionId, "designer", default);
        Assert.True(result.Succeeded, string.Join("; ", result.Problems.Select(p => p.Message)));
        return result.Definition!;
    }

    public Task<WorkflowInstance> StartAsync(string definitionId, string? instanceId = null) =>
        Engine.StartAsync(new StartWorkflow(definitionId) { Actor = "starter", InstanceId = instanceId });

    public Task<WorkflowInstance> CompleteAsync(WorkflowInstance instance, string activityId, string outcome) =>
        Engine.ResumeAsync(instance.Id, instance.Bookmarks.Single(b => b.ActivityId == activityId).Id,
            new ResumeRequest { Outcome = outcome, Actor = "reviewer" });

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await _database.DisposeAsync();
    }
}
