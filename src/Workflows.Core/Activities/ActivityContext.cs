using System.Text.Json;
using System.Text.Json.Nodes;
using Workflows.Core.Definitions;
using Workflows.Core.Expressions;
using Workflows.Core.Runtime;

namespace Workflows.Core.Activities;

/// <summary>What an activity sees while it executes: its definition, its inputs, the variables, the clock, and the burst.</summary>
public sealed class ActivityContext
{
    private readonly WorkflowBurstExecution _burst;

    internal ActivityContext(WorkflowBurstExecution burst, ActivityDefinition activity, string? arrivedVia)
    {
        _burst = burst;
        Activity = activity;
        ArrivedVia = arrivedVia;
    }

    public ActivityDefinition Activity { get; }
    public WorkflowInstance Instance => _burst.Instance;
    public DateTimeOffset Now => _burst.Now;
    public string? Actor => _burst.Actor;

    /// <summary>The connection key the token came in on (Joins count these); null when resumed or started.</summary>
    public string? ArrivedVia { get; }

    public IReadOnlyList<string> InboundConnections => _burst.Flowchart.InboundKeys(Activity.Id);

    public ExpressionScope Scope => new(Instance.Input, Instance.Variables, Instance.LastTask);

    public bool HasInput(IActivityInput input) => Activity.Inputs.ContainsKey(input.Name);

    /// <summary>Evaluates an input and converts it to its declared type; a missing input gives the default.</summary>
    public T? Get<T>(ActivityInput<T> input)
    {
        var node = Evaluate(input.Name);
        if (node is null)
        {
            return default;
        }
        try
        {
            return node.Deserialize<T>(InstanceJson.Options);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw new ExpressionException($"input '{input.Name}' must be {typeof(T).Name}, got {node.ToJsonString()}", ex);
        }
    }

    public JsonNode? Evaluate(string inputName) =>
        Activity.Inputs.TryGetValue(inputName, out var expression) ? Evaluate(expression) : null;

    public JsonNode? Evaluate(ExpressionDefinition expression) => _burst.Expressions.Evaluate(expression, Scope);

    public void SetVariable(string name, JsonNode? value) => Instance.Variables[name] = value?.DeepClone();

    public Bookmark CreateBookmark(string kind, JsonObject payload, DateTimeOffset? dueAt = null) => new()
    {
        Id = Guid.NewGuid().ToString("N"),
        ActivityId = Activity.Id,
        ActivityType = Activity.Type,
        Kind = kind,
        CreatedAt = Now,
        DueAt = dueAt,
        Payload = payload,
    };

    /// <summary>Records work for the outside world (e-mail, 抄送, document), delivered after the burst commits.</summary>
    public void RecordSideEffect(string kind, JsonObject payload) => _burst.RecordSideEffect(Activity.Id, kind, payload);

    /// <summary>Cancels open work on every path that leads into this activity (Join any).</summary>
    public void CancelBranchesLeadingHere() => _burst.CancelBranchesLeadingTo(Activity.Id);

    /// <summary>Adds an entry to the journal beside the one the engine writes for the step.</summary>
    public void Journal(string @event, string? message = null, JsonObject? data = null) =>
        _burst.Journal(@event, Activity, message: message, data: data);
}
