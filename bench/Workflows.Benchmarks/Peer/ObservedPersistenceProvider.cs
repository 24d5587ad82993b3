using WorkflowCore.Interface;
using WorkflowCore.Models;
using WorkflowCore.Services;

namespace Workflows.Benchmarks.Peer;

/// <summary>
/// Workflow Core's own in-memory persistence, unchanged, with one observation added: when a new subscription has
/// been stored and Workflow Core has swept the stored events for it, <see cref="Subscribed"/> is raised. That is the
/// moment a waiting step has really become visible to the outside (our UserTask's inbox item), so the benchmark's
/// "user" publishes the event then, and never earlier, which would cost Workflow Core an extra event pass.
/// </summary>
/// <remarks>Every other member passes straight through; the extra cost is one interface call per store access.</remarks>
public sealed class ObservedPersistenceProvider : IPersistenceProvider
{
    private volatile IPersistenceProvider _inner = new MemoryPersistenceProvider();

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Name, string Key), byte> _justSubscribed = new();

    /// <summary>Raised with (event name, event key) once a subscription exists and its initial event sweep is done.</summary>
    public event Action<string, string>? Subscribed;

    /// <summary>Every call, for the --trace mode that shows the order Workflow Core uses its store in.</summary>
    public Action<string>? Trace { get; set; }

    /// <summary>
    /// Starts over on an empty in-memory store, so each batch runs on fresh state while the container, the host and
    /// the JIT stay warm, as in a long-running server. Only call it while no work is in flight.
    /// </summary>
    public void Reset()
    {
        _inner = new MemoryPersistenceProvider();
        _justSubscribed.Clear();
    }

    public bool SupportsScheduledCommands => _inner.SupportsScheduledCommands;

    public async Task<string> CreateEventSubscription(EventSubscription subscription, CancellationToken cancellationToken = default)
    {
        Trace?.Invoke($"CreateEventSubscription {subscription.EventName} {subscription.EventKey}");
        var id = await _inner.CreateEventSubscription(subscription, cancellationToken);
        _justSubscribed[(subscription.EventName, subscription.EventKey)] = 0;
        return id;
    }

    public async Task<IEnumerable<string>> GetEvents(string eventName, string eventKey, DateTime asOf, CancellationToken cancellationToken = default)
    {
        Trace?.Invoke($"GetEvents {eventName} {eventKey}");
        var events = await _inner.GetEvents(eventName, eventKey, asOf, cancellationToken);
        // Workflow Core reads the stored events right after storing a subscription; only that first read signals.
        if (_justSubscribed.TryRemove((eventName, eventKey), out _))
        {
            Subscribed?.Invoke(eventName, eventKey);
        }
        return events;
    }

    // Workflow Core 3.22 stores new subscriptions with the instance here, then sweeps stored events for each.
    public async Task PersistWorkflow(WorkflowInstance workflow, List<EventSubscription> subscriptions, CancellationToken cancellationToken = default)
    {
        Trace?.Invoke($"PersistWorkflow+subs {workflow.Id} {workflow.Status} {subscriptions?.Count}");
        await _inner.PersistWorkflow(workflow, subscriptions, cancellationToken);
        foreach (var subscription in subscriptions ?? [])
        {
            _justSubscribed[(subscription.EventName, subscription.EventKey)] = 0;
        }
    }

    public Task PersistWorkflow(WorkflowInstance workflow, CancellationToken cancellationToken = default)
    {
        Trace?.Invoke($"PersistWorkflow {workflow.Id} {workflow.Status}");
        return _inner.PersistWorkflow(workflow, cancellationToken);
    }

    public Task<string> CreateNewWorkflow(WorkflowInstance workflow, CancellationToken cancellationToken = default) =>
        _inner.CreateNewWorkflow(workflow, cancellationToken);

    public Task<IEnumerable<string>> GetRunnableInstances(DateTime asAt, CancellationToken cancellationToken = default) =>
        _inner.GetRunnableInstances(asAt, cancellationToken);

    // The interface still requires this deprecated query; it is passed through like the rest.
    [Obsolete("Deprecated by Workflow Core; kept only to implement its interface.")]
    public Task<IEnumerable<WorkflowInstance>> GetWorkflowInstances(WorkflowStatus? status, string type, DateTime? createdFrom, DateTime? createdTo, int skip, int take) =>
#pragma warning disable CS0612 // the call a decorator must make to the deprecated member it forwards
        _inner.GetWorkflowInstances(status, type, createdFrom, createdTo, skip, take);
#pragma warning restore CS0612

    public Task<WorkflowInstance> GetWorkflowInstance(string id, CancellationToken cancellationToken = default)
    {
        Trace?.Invoke($"GetWorkflowInstance {id}");
        return _inner.GetWorkflowInstance(id, cancellationToken);
    }

    public Task<IEnumerable<WorkflowInstance>> GetWorkflowInstances(IEnumerable<string> ids, CancellationToken cancellationToken = default) =>
        _inner.GetWorkflowInstances(ids, cancellationToken);

    public Task<IEnumerable<EventSubscription>> GetSubscriptions(string eventName, string eventKey, DateTime asOf, CancellationToken cancellationToken = default)
    {
        Trace?.Invoke($"GetSubscriptions {eventName} {eventKey}");
        return _inner.GetSubscriptions(eventName, eventKey, asOf, cancellationToken);
    }

    public Task TerminateSubscription(string eventSubscriptionId, CancellationToken cancellationToken = default)
    {
        Trace?.Invoke($"TerminateSubscription {eventSubscriptionId}");
        return _inner.TerminateSubscription(eventSubscriptionId, cancellationToken);
    }

    public Task<EventSubscription> GetSubscription(string eventSubscriptionId, CancellationToken cancellationToken = default) =>
        _inner.GetSubscription(eventSubscriptionId, cancellationToken);

    public Task<EventSubscription> GetFirstOpenSubscription(string eventName, string eventKey, DateTime asOf, CancellationToken cancellationToken = default) =>
        _inner.GetFirstOpenSubscription(eventName, eventKey, asOf, cancellationToken);

    public Task<bool> SetSubscriptionToken(string eventSubscriptionId, string token, string workerId, DateTime expiry, CancellationToken cancellationToken = default) =>
        _inner.SetSubscriptionToken(eventSubscriptionId, token, workerId, expiry, cancellationToken);

    public Task ClearSubscriptionToken(string eventSubscriptionId, string token, CancellationToken cancellationToken = default) =>
        _inner.ClearSubscriptionToken(eventSubscriptionId, token, cancellationToken);

    public Task<string> CreateEvent(Event newEvent, CancellationToken cancellationToken = default)
    {
        Trace?.Invoke($"CreateEvent {newEvent.EventName} {newEvent.EventKey}");
        return _inner.CreateEvent(newEvent, cancellationToken);
    }

    public Task<Event> GetEvent(string id, CancellationToken cancellationToken = default)
    {
        Trace?.Invoke($"GetEvent {id}");
        return _inner.GetEvent(id, cancellationToken);
    }

    public Task<IEnumerable<string>> GetRunnableEvents(DateTime asAt, CancellationToken cancellationToken = default) =>
        _inner.GetRunnableEvents(asAt, cancellationToken);

    public Task MarkEventProcessed(string id, CancellationToken cancellationToken = default)
    {
        Trace?.Invoke($"MarkEventProcessed {id}");
        return _inner.MarkEventProcessed(id, cancellationToken);
    }

    public Task MarkEventUnprocessed(string id, CancellationToken cancellationToken = default)
    {
        Trace?.Invoke($"MarkEventUnprocessed {id}");
        return _inner.MarkEventUnprocessed(id, cancellationToken);
    }

    public Task PersistErrors(IEnumerable<ExecutionError> errors, CancellationToken cancellationToken = default) =>
        _inner.PersistErrors(errors, cancellationToken);

    public void EnsureStoreExists() => _inner.EnsureStoreExists();

    public Task ScheduleCommand(ScheduledCommand command) => _inner.ScheduleCommand(command);

    public Task ProcessCommands(DateTimeOffset asOf, Func<ScheduledCommand, Task> action, CancellationToken cancellationToken = default) =>
        _inner.ProcessCommands(asOf, action, cancellationToken);
}
