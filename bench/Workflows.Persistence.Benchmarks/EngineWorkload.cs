using Microsoft.Extensions.DependencyInjection;
using Workflows.Core;
using Workflows.Core.Runtime;
using Workflows.Persistence.Definitions;

namespace Workflows.Persistence.Benchmarks;

/// <summary>The engine wired as the persistence tests and the server wire it: <c>AddWorkflowEngine</c> + <c>AddWorkflowPersistence</c>.</summary>
public static class EngineHost
{
    /// <param name="configure">Runs after the engine and persistence are registered (instrumentation for --show-sql and --profile).</param>
    public static ServiceProvider Build(FreshDatabase database, Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddWorkflowEngine();
        services.AddWorkflowPersistence(database.Configuration);
        configure?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }
}

/// <summary>
/// N instances through <see cref="WorkflowEngine"/> on the EF stores: every instance started, then every task a
/// completed, then every b, then every c (an inbox worked through in order). One burst per call, sequentially.
/// </summary>
public sealed class EngineWorkload : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly WorkflowEngine _engine;
    private readonly int _version;

    private EngineWorkload(ServiceProvider services, int version)
    {
        _services = services;
        _engine = services.GetRequiredService<WorkflowEngine>();
        _version = version;
    }

    public IServiceProvider Services => _services;

    /// <summary>
    /// The engine on <paramref name="database"/> with the approval created and published through
    /// <see cref="EfWorkflowDefinitionStore"/>, or as it is published there already (a copy of the starting database).
    /// </summary>
    public static async Task<EngineWorkload> CreateAsync(FreshDatabase database, Action<IServiceCollection>? configure, CancellationToken cancellationToken)
    {
        var services = EngineHost.Build(database, configure);
        var definitions = services.GetRequiredService<EfWorkflowDefinitionStore>();
        if ((await definitions.ListPublishedAsync(cancellationToken)).FirstOrDefault(d => d.DefinitionId == ApprovalFlow.DefinitionId) is { } existing)
        {
            return new EngineWorkload(services, existing.Version ?? 1);
        }
        await definitions.CreateAsync(ApprovalFlow.Create(), "bench", cancellationToken);
        var published = await definitions.PublishAsync(ApprovalFlow.DefinitionId, "bench", cancellationToken);
        if (!published.Succeeded)
        {
            throw new InvalidOperationException("the benchmark definition does not validate: " + string.Join("; ", published.Problems.Select(p => p.Message)));
        }
        return new EngineWorkload(services, published.Definition!.Version ?? 1);
    }

    /// <summary>Starts one instance, as the server's start endpoint does (with the published version it looked up).</summary>
    public Task<WorkflowInstance> StartAsync(CancellationToken cancellationToken) =>
        _engine.StartAsync(new StartWorkflow(ApprovalFlow.DefinitionId) { Version = _version, Actor = "drafter" }, cancellationToken);

    /// <summary>Completes the instance's open task number <paramref name="task"/> (0..2) with "approve", as its assignee through the task endpoint.</summary>
    public Task<WorkflowInstance> CompleteAsync(string instanceId, string bookmarkId, int task, CancellationToken cancellationToken) =>
        _engine.ResumeAsync(instanceId, bookmarkId,
            new ResumeRequest { Outcome = ApprovalFlow.Approve, Actor = ApprovalFlow.Approvers[task] }, cancellationToken);

    public async Task RunAsync(int instances, CancellationToken cancellationToken)
    {
        var ids = new string[instances];
        var open = new string[instances];
        for (var i = 0; i < instances; i++)
        {
            var started = await StartAsync(cancellationToken);
            ids[i] = started.Id;
            open[i] = started.Bookmarks[0].Id;
        }
        for (var task = 0; task < ApprovalFlow.Tasks.Length; task++)
        {
            var last = task == ApprovalFlow.Tasks.Length - 1;
            for (var i = 0; i < instances; i++)
            {
                var resumed = await CompleteAsync(ids[i], open[i], task, cancellationToken);
                open[i] = last ? "" : resumed.Bookmarks[0].Id;
            }
        }
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
