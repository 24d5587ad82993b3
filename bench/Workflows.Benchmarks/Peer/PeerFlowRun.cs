using Microsoft.Extensions.DependencyInjection;
using WorkflowCore.Interface;
using WorkflowCore.Models;
using WorkflowCore.Models.LifeCycleEvents;
using Workflows.Benchmarks.Harness;

namespace Workflows.Benchmarks.Peer;

/// <summary>
/// Workflow Core 3.22 with its in-memory persistence, queue and lock providers, set up once like a long-running
/// server. The sequence runs on its synchronous runner, its fastest path, which needs no host threads; the approval
/// starts the host (worker threads, poller, lifecycle publisher) and is driven the way Workflow Core's documentation
/// shows: <c>PublishEvent</c> on the host, one event per wait. A reset swaps in an empty store once the host is idle;
/// a pause stops the host, whose poller would otherwise keep working while another engine is measured.
/// </summary>
public sealed class PeerFlowRun : IFlowRun
{
    /// <summary>Long enough for the index queue and lifecycle publisher to finish with the last batch.</summary>
    private static readonly TimeSpan SettleTime = TimeSpan.FromMilliseconds(50);

    private readonly ServiceProvider _services;
    private readonly IWorkflowHost _host;
    private readonly ISyncWorkflowRunner _runner;
    private readonly ObservedPersistenceProvider _store = new();
    private bool _started;
    private TaskCompletionSource? _batchDone;
    private int _remaining;

    public PeerFlowRun(Flow flow, Action<string>? trace = null)
    {
        Flow = flow;
        _store.Trace = trace;
        _services = new ServiceCollection()
            .AddLogging()
            .AddWorkflow(options =>
            {
                options.UsePersistence(_ => _store);
                options.UsePollInterval(PeerSettings.PollInterval);
                options.UseIdleTime(PeerSettings.IdleTime);
            })
            .BuildServiceProvider();
        _host = _services.GetRequiredService<IWorkflowHost>();
        _runner = _services.GetRequiredService<ISyncWorkflowRunner>();
        _host.RegisterWorkflow<SequenceWorkflow, VariablesData>();
        _host.RegisterWorkflow<ApprovalWorkflow, ApprovalData>();
        _store.Subscribed += OnSubscribed;
        _host.OnLifeCycleEvent += OnLifeCycleEvent;
    }

    public Engine Engine => Engine.WorkflowCore;
    public Flow Flow { get; }

    internal IPersistenceProvider Store => _store;
    internal ISyncWorkflowRunner Runner => _runner;

    /// <summary>Instances the last approval batch started, for the checks of the verify mode.</summary>
    internal List<string> StartedIds { get; } = [];

    public async Task ResetAsync()
    {
        if (_started)
        {
            await Task.Delay(SettleTime);
        }
        _store.Reset();
        StartedIds.Clear();
        // Only the approval needs the host's workers; the synchronous runner does everything on the caller's thread.
        if (Flow == Flow.Approval && !_started)
        {
            _host.Start();
            _started = true;
        }
    }

    public async Task PauseAsync()
    {
        if (_started)
        {
            await Task.Delay(SettleTime);
            _host.Stop();
            _started = false;
            _store.Reset();
        }
    }

    public Task RunAsync(int instances) => Flow == Flow.Sequence ? RunSequenceAsync(instances) : RunApprovalAsync(instances);

    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            _host.Stop();
        }
        await _services.DisposeAsync();
    }

    private async Task RunSequenceAsync(int instances)
    {
        for (var i = 0; i < instances; i++)
        {
            var instance = await _runner.RunWorkflowSync(SequenceWorkflow.WorkflowId, 1, new VariablesData(), null, CancellationToken.None);
            if (instance.Status != WorkflowStatus.Complete)
            {
                throw new InvalidOperationException($"Workflow Core instance {instance.Id} ended {instance.Status}, expected Complete");
            }
        }
    }

    private async Task RunApprovalAsync(int instances)
    {
        _batchDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _remaining, instances);
        for (var i = 0; i < instances; i++)
        {
            StartedIds.Add(await _host.StartWorkflow(ApprovalWorkflow.WorkflowId, 1, new ApprovalData()));
        }
        var finished = await Task.WhenAny(_batchDone.Task, Task.Delay(PeerSettings.BatchTimeout));
        if (finished != _batchDone.Task)
        {
            throw new TimeoutException($"Workflow Core completed {instances - Volatile.Read(ref _remaining)} of {instances} approvals in {PeerSettings.BatchTimeout}");
        }
        await _batchDone.Task;
    }

    /// <summary>The "user": acts on a wait as soon as it is visible, with that wait's own event only.</summary>
    private void OnSubscribed(string eventName, string instanceId)
    {
        var published = _host.PublishEvent(eventName, instanceId, "approve");
        if (!published.IsCompletedSuccessfully)
        {
            published.ContinueWith(t => _batchDone?.TrySetException(t.Exception!), TaskContinuationOptions.OnlyOnFaulted);
        }
    }

    private void OnLifeCycleEvent(LifeCycleEvent evt)
    {
        if (evt is WorkflowCompleted && evt.WorkflowDefinitionId == ApprovalWorkflow.WorkflowId && Interlocked.Decrement(ref _remaining) == 0)
        {
            _batchDone?.TrySetResult();
        }
    }
}
