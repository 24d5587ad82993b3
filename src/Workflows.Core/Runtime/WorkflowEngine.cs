using Microsoft.Extensions.Logging;
using System.Text.Json.Nodes;
using Workflows.Core.Activities;
using Workflows.Core.Definitions;
using Workflows.Core.Expressions;
using Workflows.Core.Notifications;
using Workflows.Core.Organisation;
using Workflows.Core.Tasks;

namespace Workflows.Core.Runtime;

/// <summary>Starts a workflow: which definition (latest published version unless given), its input and who starts it.</summary>
public sealed record StartWorkflow(string DefinitionId)
{
    public int? Version { get; init; }
    public JsonObject? Input { get; init; }
    public string? Actor { get; init; }
    public string? CorrelationKey { get; init; }
    /// <summary>A caller-chosen id makes a retried start recognisable; a new one is generated otherwise.</summary>
    public string? InstanceId { get; init; }
    /// <summary>The HTTP request that starts it (an HttpEndpoint start); its answer is on the returned instance.</summary>
    public JsonObject? HttpRequest { get; init; }
}

/// <summary>
/// The engine's commands. Each loads the instance, runs one burst and commits it through the store in one step;
/// a command the engine refuses throws <see cref="WorkflowCommandException"/>, a lost race
/// <see cref="WorkflowConcurrencyException"/>, and in both cases nothing was stored.
/// </summary>
public sealed class WorkflowEngine(
    ActivityRegistry activities,
    IWorkflowDefinitionSource definitions,
    IWorkflowInstanceStore store,
    IExpressionEvaluator expressions,
    TimeProvider time,
    WorkflowEngineOptions options,
    WorkflowMetrics metrics,
    EmailNotices notices,
    IOrganisationDirectory organisation,
    MatterTitles titles,
    ILogger<WorkflowEngine>? logger = null)
{
    public async Task<WorkflowInstance> StartAsync(StartWorkflow command, CancellationToken cancellationToken = default)
    {
        var definition = await definitions.FindAsync(command.DefinitionId, command.Version, cancellationToken)
            ?? throw new WorkflowCommandException(ErrorCodes.DefinitionNotFound,
                $"no published workflow definition '{command.DefinitionId}'{(command.Version is { } v ? $" version {v}" : "")}");
        var input = command.Input?.DeepClone().AsObject() ?? [];
        InputHygiene.Check(definition.Inputs, input, refuseUndeclared: true);
        StartInputValidator.Validate(definition.Inputs, input, organisation);

        var now = time.GetUtcNow();
        var instance = new WorkflowInstance
        {
            Id = command.InstanceId ?? Guid.NewGuid().ToString("N"),
            DefinitionId = definition.DefinitionId,
            DefinitionVersion = definition.Version ?? 1,
            Status = WorkflowStatus.Running,
            CorrelationKey = command.CorrelationKey,
            StartedBy = command.Actor,
            Title = titles.Of(definition, input),
            CreatedAt = now,
            Input = input,
            Variables = InitialVariables(definition),
            Http = command.HttpRequest is { } request ? new Triggers.HttpExchange((JsonObject)request.DeepClone()) : null,
        };
        var burst = NewBurst(instance, definition, command.Actor);
        burst.Journal(JournalEvents.InstanceStarted, null);
        var start = Flowchart.Of(definition).Start
            ?? throw new WorkflowCommandException(ErrorCodes.InvalidDefinition, $"definition '{definition.DefinitionId}' has no Start activity");
        burst.Enqueue(start.Id);
        burst.Run();
        await store.CommitAsync(burst.ToBurst(expectedVersion: null), cancellationToken);
        Committed(null, instance);
        return instance;
    }

    public Task<WorkflowInstance> ResumeAsync(string instanceId, string bookmarkId, ResumeRequest request, CancellationToken cancellationToken = default) =>
        RunCommandAsync(instanceId, request.Actor, (instance, burst) =>
        {
            RequireRunning(instance);
            var bookmark = instance.Bookmarks.FirstOrDefault(b => b.Id == bookmarkId)
                ?? throw new WorkflowCommandException(ErrorCodes.BookmarkNotFound,
                    $"instance {instanceId} has no open bookmark '{bookmarkId}' (already completed or cancelled?)");
            burst.Resume(bookmark, request);
        }, cancellationToken);

    /// <summary>Resumes the WaitSignal activities waiting for <paramref name="signal"/>.</summary>
    public Task<WorkflowInstance> SignalAsync(string instanceId, string signal, JsonNode? payload, string? actor, CancellationToken cancellationToken = default) =>
        RunCommandAsync(instanceId, actor, (instance, burst) =>
        {
            RequireRunning(instance);
            var waiting = instance.Bookmarks
                .Where(b => b.Kind == BookmarkKinds.Signal && b.Payload[WaitSignal.SignalName.Name]?.GetValue<string>() == signal)
                .ToList();
            if (waiting.Count == 0)
            {
                throw new WorkflowCommandException(ErrorCodes.SignalNotAwaited, $"instance {instanceId} is not waiting for signal '{signal}'");
            }
            foreach (var bookmark in waiting.Where(b => instance.Bookmarks.Contains(b)))
            {
                burst.Resume(bookmark, new ResumeRequest { Actor = actor, Payload = payload?.DeepClone() });
            }
        }, cancellationToken);

    public Task<WorkflowInstance> CancelAsync(string instanceId, string? reason, string? actor, CancellationToken cancellationToken = default) =>
        RunCommandAsync(instanceId, actor, (instance, burst) =>
        {
            if (instance.Status is WorkflowStatus.Completed or WorkflowStatus.Cancelled)
            {
                throw new WorkflowCommandException(ErrorCodes.InstanceNotRunning, $"instance {instanceId} is already {instance.Status}");
            }
            burst.CancelOpenWork(reason ?? "instance cancelled");
            instance.PendingTokens.Clear();
            burst.Finish(WorkflowStatus.Cancelled, JournalEvents.InstanceCancelled, reason);
        }, cancellationToken);

    /// <summary>催办: an e-mail to whoever must act on each open task of the instance; at most once an hour per task.</summary>
    public Task<WorkflowInstance> UrgeAsync(string instanceId, string actor, string? message, CancellationToken cancellationToken = default) =>
        RunCommandAsync(instanceId, actor, (instance, burst) =>
        {
            RequireRunning(instance);
            var tasks = instance.Bookmarks.Where(b => b.Kind == BookmarkKinds.UserTask).ToList();
            if (tasks.Count == 0)
            {
                throw new WorkflowCommandException(ErrorCodes.NoOpenTasks, $"instance {instanceId} has no open task to urge");
            }
            foreach (var task in tasks)
            {
                burst.Resume(task, new ResumeRequest { Action = TaskActions.Urge, Actor = actor, Comment = message });
            }
        }, cancellationToken);

    /// <summary>Works out again the due dates that were provisional, after the calendar gained data for their years.</summary>
    public Task<WorkflowInstance> RecomputeDeadlinesAsync(string instanceId, CancellationToken cancellationToken = default) =>
        RunCommandAsync(instanceId, null, (instance, burst) =>
        {
            foreach (var task in instance.Bookmarks.Where(b => b.Kind == BookmarkKinds.UserTask).ToList())
            {
                burst.Resume(task, new ResumeRequest { Action = TaskActions.RecomputeDeadlines });
            }
        }, cancellationToken);

    /// <summary>Runs the paths a fault stopped, from the activity that faulted.</summary>
    public Task<WorkflowInstance> RetryAsync(string instanceId, string? actor, CancellationToken cancellationToken = default) =>
        RunCommandAsync(instanceId, actor, (instance, burst) =>
        {
            if (instance.Status != WorkflowStatus.Faulted)
            {
                throw new WorkflowCommandException(ErrorCodes.InstanceNotFaulted, $"instance {instanceId} is {instance.Status}, not Faulted");
            }
            instance.Status = WorkflowStatus.Running;
            instance.FinishedAt = null;
            burst.Journal(JournalEvents.InstanceRetried, null);
            foreach (var token in instance.PendingTokens)
            {
                burst.Enqueue(token.ActivityId, token.Via);
            }
            instance.PendingTokens.Clear();
            burst.Run();
        }, cancellationToken);

    /// <param name="expectedVersion">The version the caller saw; another one means someone changed the instance since (a lost race).</param>
    internal async Task<WorkflowInstance> RunCommandAsync(string instanceId, string? actor,
        Action<WorkflowInstance, WorkflowBurstExecution> command, CancellationToken cancellationToken, long? expectedVersion = null)
    {
        var instance = await store.FindAsync(instanceId, cancellationToken)
            ?? throw new WorkflowCommandException(ErrorCodes.InstanceNotFound, $"no workflow instance '{instanceId}'");
        if (expectedVersion is { } expected && expected != instance.Version)
        {
            throw new WorkflowConcurrencyException($"instance {instanceId} was changed by someone else (you saw version {expected}, it is now {instance.Version}); nothing was saved");
        }
        var definition = await definitions.FindAsync(instance.DefinitionId, instance.DefinitionVersion, cancellationToken)
            ?? throw new WorkflowCommandException(ErrorCodes.DefinitionNotFound,
                $"definition '{instance.DefinitionId}' version {instance.DefinitionVersion} of instance {instanceId} is missing");
        var (loadedVersion, loadedStatus) = (instance.Version, instance.Status);
        var loadedBookmarks = instance.Bookmarks.Select(b => b.Copy()).ToList();
        var burst = NewBurst(instance, definition, actor);
        command(instance, burst);
        await store.CommitAsync(burst.ToBurst(loadedVersion, loadedBookmarks), cancellationToken);
        Committed(loadedStatus, instance);
        return instance;
    }

    /// <summary>Counts the commit, and warns of a fault: an operator reads the log before the incident list.</summary>
    private void Committed(WorkflowStatus? before, WorkflowInstance after)
    {
        metrics.Committed(before, after);
        if (after.Status == WorkflowStatus.Faulted && before != WorkflowStatus.Faulted && after.Incidents.LastOrDefault() is { } incident)
        {
            logger?.LogWarning("Instance {InstanceId} of {DefinitionId} faulted at activity {ActivityId}: {Reason}",
                after.Id, after.DefinitionId, incident.ActivityId, incident.Message);
        }
    }

    internal WorkflowBurstExecution NewBurst(WorkflowInstance instance, WorkflowDefinition definition, string? actor) =>
        new(instance, definition, activities, expressions, time.GetUtcNow(), actor, options, notices);

    private static void RequireRunning(WorkflowInstance instance)
    {
        if (instance.Status != WorkflowStatus.Running)
        {
            throw new WorkflowCommandException(ErrorCodes.InstanceNotRunning, $"instance {instance.Id} is {instance.Status}, not Running");
        }
    }

    private static JsonObject InitialVariables(WorkflowDefinition definition)
    {
        var variables = new JsonObject();
        foreach (var variable in definition.Variables)
        {
            variables[variable.Name] = variable.Value?.DeepClone();
        }
        return variables;
    }
}
