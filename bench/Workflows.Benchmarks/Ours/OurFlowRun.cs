using Microsoft.Extensions.DependencyInjection;
using Workflows.Benchmarks.Harness;
using Workflows.Core;
using Workflows.Core.Definitions;
using Workflows.Core.Runtime;
using Workflows.Core.Validation;

namespace Workflows.Benchmarks.Ours;

/// <summary>
/// Our engine with its defaults (in-memory instance store and definition source, system clock), set up once; a reset
/// swaps in an empty in-memory store. Instances run one after another on the calling thread: the in-memory store
/// completes synchronously, so this measures the engine's own cost and leaves the second core idle (a conservative
/// choice for throughput).
/// </summary>
public sealed class OurFlowRun : IFlowRun
{
    private readonly ResettableInstanceStore _store = new();
    private readonly ServiceProvider _services;
    private readonly WorkflowEngine _engine;

    public OurFlowRun(Flow flow)
    {
        Flow = flow;
        _services = new ServiceCollection()
            .AddSingleton<IWorkflowInstanceStore>(_store)
            .AddWorkflowEngine()
            .BuildServiceProvider();
        var definition = flow == Flow.Sequence ? OurDefinitions.Sequence() : OurDefinitions.Approval();
        // A broken definition would make every figure meaningless, so check it before anything is measured.
        var errors = _services.GetRequiredService<WorkflowValidator>().Validate(definition)
            .Where(p => p.Severity == ValidationSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"benchmark definition is invalid: {string.Join("; ", errors)}");
        }
        _services.GetRequiredService<InMemoryWorkflowDefinitionSource>().Add(definition);
        _engine = _services.GetRequiredService<WorkflowEngine>();
    }

    public Engine Engine => Engine.Ours;
    public Flow Flow { get; }

    internal IWorkflowInstanceStore Store => _store;
    internal WorkflowEngine Runtime => _engine;

    public Task ResetAsync()
    {
        _store.Reset();
        return Task.CompletedTask;
    }

    /// <summary>Our engine has no background workers: it only runs inside the commands it is given.</summary>
    public Task PauseAsync() => Task.CompletedTask;

    public Task RunAsync(int instances) => Flow == Flow.Sequence ? RunSequenceAsync(instances) : RunApprovalAsync(instances);

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    private async Task RunSequenceAsync(int instances)
    {
        var start = new StartWorkflow(OurDefinitions.SequenceId) { Actor = "bench" };
        for (var i = 0; i < instances; i++)
        {
            var instance = await _engine.StartAsync(start);
            RequireCompleted(instance);
        }
    }

    private async Task RunApprovalAsync(int instances)
    {
        var start = new StartWorkflow(OurDefinitions.ApprovalId) { Actor = "bench" };
        var approve = new ResumeRequest { Outcome = OurDefinitions.ApproveOutcome, Actor = OurDefinitions.Reviewer };
        for (var i = 0; i < instances; i++)
        {
            var instance = await _engine.StartAsync(start);
            foreach (var _ in OurDefinitions.ApprovalTasks)
            {
                // The open task is the only bookmark: a person completes it, which runs the next burst.
                instance = await _engine.ResumeAsync(instance.Id, instance.Bookmarks[0].Id, approve);
            }
            RequireCompleted(instance);
        }
    }

    private static void RequireCompleted(WorkflowInstance instance)
    {
        if (instance.Status != WorkflowStatus.Completed)
        {
            throw new InvalidOperationException($"instance {instance.Id} ended {instance.Status}, expected Completed");
        }
    }
}
