using System.Text.Json.Nodes;
using Workflows.Core.Activities;
using Workflows.Core.Definitions;
using Workflows.Core.Expressions;
using Workflows.Core.Notifications;

namespace Workflows.Core.Runtime;

/// <summary>
/// One burst: runs tokens through the flowchart until every path waits or ends, collecting journal entries and
/// side effects for the single commit that follows. It mutates only the instance copy it was given.
/// </summary>
internal sealed class WorkflowBurstExecution
{
    private readonly ActivityRegistry _activities;
    private readonly WorkflowEngineOptions _limits;
    private readonly EmailNotices _notices;
    private readonly Queue<(string ActivityId, string? Via)> _tokens = new();
    private readonly List<JournalEntry> _journal = [];
    private readonly List<SideEffect> _sideEffects = [];
    private int _executed;
    /// <summary>The activity that ran or resumed last: where a completion without an End happened.</summary>
    private string? _lastActivityId;

    public WorkflowBurstExecution(
        WorkflowInstance instance, WorkflowDefinition definition, ActivityRegistry activities,
        IExpressionEvaluator expressions, DateTimeOffset now, string? actor, WorkflowEngineOptions limits, EmailNotices notices)
    {
        Instance = instance;
        Flowchart = Flowchart.Of(definition);
        _activities = activities;
        Expressions = expressions;
        Now = now;
        Actor = actor;
        _limits = limits;
        _notices = notices;
    }

    public WorkflowInstance Instance { get; }
    public Flowchart Flowchart { get; }
    public IExpressionEvaluator Expressions { get; }
    public DateTimeOffset Now { get; }
    public string? Actor { get; }

    public void Enqueue(string activityId, string? via = null) => _tokens.Enqueue((activityId, via));

    public void Run()
    {
        while (Instance.Status == WorkflowStatus.Running && _tokens.TryDequeue(out var token))
        {
            var activity = Flowchart.Find(token.ActivityId);
            if (activity is null)
            {
                Fault(token, null, $"activity '{token.ActivityId}' does not exist in the definition");
                break;
            }
            if (++_executed > _limits.MaxActivitiesPerBurst)
            {
                Fault(token, activity, $"possible infinite loop: more than {_limits.MaxActivitiesPerBurst} activities executed without waiting");
                break;
            }
            Execute(activity, token);
        }
        if (Instance.Status == WorkflowStatus.Running && _tokens.Count == 0 && Instance.Bookmarks.Count == 0)
        {
            Finish(WorkflowStatus.Completed, JournalEvents.InstanceCompleted, null);
        }
    }

    public void Resume(Bookmark bookmark, ResumeRequest request)
    {
        var activity = Flowchart.Find(bookmark.ActivityId)
            ?? throw new WorkflowCommandException(ErrorCodes.BookmarkNotFound, $"activity '{bookmark.ActivityId}' is not in the definition");
        var descriptor = Describe(activity);
        var context = new ActivityContext(this, activity, null);
        _lastActivityId = activity.Id;
        ActivityResult result;
        try
        {
            result = descriptor.Activity.Resume(context, bookmark, request);
        }
        catch (Exception ex) when (ex is not WorkflowCommandException)
        {
            // The bookmark stays, so after a retry the same resume can be sent again.
            Fault((activity.Id, null), activity, ex.Message, keepToken: false);
            return;
        }
        if (StateTooLarge() is { } breach)
        {
            Fault((activity.Id, null), activity, breach, keepToken: false);
            return;
        }
        if (result.Kind == ActivityResultKind.Suspended)
        {
            // Still waiting (a claim, one signature of several): the activity journals what happened itself.
            Instance.Bookmarks.RemoveAll(b => b.Id == bookmark.Id);
            Instance.Bookmarks.Add(result.Bookmark!);
            return;
        }
        Journal(JournalEvents.ActivityResumed, activity, request.Outcome, request.Actor ?? Actor, request.Comment,
            new JsonObject { ["bookmarkId"] = bookmark.Id, ["data"] = request.Data?.DeepClone() });
        Instance.Bookmarks.RemoveAll(b => b.Id == bookmark.Id);
        Apply(activity, result);
        Run();
    }

    public void CancelOpenWork(string reason)
    {
        foreach (var bookmark in Instance.Bookmarks)
        {
            Journal(JournalEvents.ActivityCancelled, Flowchart.Find(bookmark.ActivityId), message: reason,
                data: new JsonObject { ["bookmarkId"] = bookmark.Id, ["kind"] = bookmark.Kind });
        }
        Instance.Bookmarks.Clear();
        _tokens.Clear();
    }

    public void CancelBranchesLeadingTo(string activityId)
    {
        var upstream = Flowchart.Ancestors(activityId);
        foreach (var bookmark in Instance.Bookmarks.Where(b => upstream.Contains(b.ActivityId)).ToList())
        {
            Instance.Bookmarks.Remove(bookmark);
            Journal(JournalEvents.ActivityCancelled, Flowchart.Find(bookmark.ActivityId),
                message: $"cancelled: Join '{activityId}' completed on another branch",
                data: new JsonObject { ["bookmarkId"] = bookmark.Id, ["kind"] = bookmark.Kind });
        }
        // Tokens already queued for the Join itself would fire it a second time.
        var keep = _tokens.Where(t => !upstream.Contains(t.ActivityId) && t.ActivityId != activityId).ToList();
        _tokens.Clear();
        keep.ForEach(_tokens.Enqueue);
    }

    public void Finish(WorkflowStatus status, string @event, string? message)
    {
        Instance.Status = status;
        Instance.FinishedAt = Now;
        Journal(@event, null, message: message);
        if (status == WorkflowStatus.Completed)
        {
            _notices.InstanceFinished(this, _lastActivityId ?? "");
        }
    }

    public void RecordSideEffect(string activityId, string kind, JsonObject payload) => _sideEffects.Add(new SideEffect
    {
        Id = Guid.NewGuid().ToString("N"),
        InstanceId = Instance.Id,
        ActivityId = activityId,
        Kind = kind,
        CreatedAt = Now,
        Payload = payload,
    });

    public void RemoveSideEffects(Predicate<SideEffect> match) => _sideEffects.RemoveAll(match);

    public void Journal(string @event, ActivityDefinition? activity, string? outcome = null, string? actor = null,
        string? message = null, JsonObject? data = null) => _journal.Add(new JournalEntry
        {
            InstanceId = Instance.Id,
            Sequence = Instance.JournalLength++,
            At = Now,
            Event = @event,
            ActivityId = activity?.Id,
            ActivityType = activity?.Type,
            Outcome = outcome,
            Actor = actor ?? Actor,
            Message = message,
            Data = data?.DeepClone().AsObject(),
        });

    public WorkflowBurst ToBurst(long? expectedVersion, IReadOnlyList<Bookmark>? loadedBookmarks = null)
    {
        Instance.UpdatedAt = Now;
        return new WorkflowBurst(Instance, expectedVersion, _journal, _sideEffects, loadedBookmarks ?? []);
    }

    private void Execute(ActivityDefinition activity, (string ActivityId, string? Via) token)
    {
        var descriptor = _activities.Find(activity.Type);
        if (descriptor is null)
        {
            Fault(token, activity, $"unknown activity type '{activity.Type}'");
            return;
        }
        _lastActivityId = activity.Id;
        ActivityResult result;
        try
        {
            result = descriptor.Activity.Execute(new ActivityContext(this, activity, token.Via));
        }
        catch (Exception ex)
        {
            Fault(token, activity, ex.Message);
            return;
        }
        if (StateTooLarge() is { } breach)
        {
            Fault(token, activity, breach);
            return;
        }
        Apply(activity, result);
    }

    /// <summary>
    /// What an activity left too large in the state (a variable, or variables and result together), or null. The
    /// oversized values are dropped, so the faulted instance neither stores nor returns them; a retry sets them again.
    /// </summary>
    private string? StateTooLarge()
    {
        var sizes = Instance.Variables.ToDictionary(v => v.Key, v => v.Value is null ? 4 : System.Text.Encoding.UTF8.GetByteCount(v.Value.ToJsonString()));
        if (sizes.Where(s => s.Value > _limits.MaxVariableBytes).Select(s => s.Key).ToList() is { Count: > 0 } oversized)
        {
            oversized.ForEach(name => Instance.Variables[name] = null);
            return $"variable {string.Join(", ", oversized.Select(n => $"'{n}' ({sizes[n]} bytes)"))} exceeds the limit of "
                + $"{_limits.MaxVariableBytes} bytes per variable (Workflows:Engine:MaxVariableBytes)";
        }
        var result = Instance.Result is null ? 0 : System.Text.Encoding.UTF8.GetByteCount(Instance.Result.ToJsonString());
        var total = sizes.Values.Sum() + result;
        if (total <= _limits.MaxStateBytes)
        {
            return null;
        }
        var left = total - result;
        Instance.Result = null;
        foreach (var (name, size) in sizes.OrderByDescending(s => s.Value).TakeWhile(_ => left > _limits.MaxStateBytes))
        {
            Instance.Variables[name] = null;
            left -= size;
        }
        return $"the instance's variables and result ({total} bytes) exceed the limit of {_limits.MaxStateBytes} bytes (Workflows:Engine:MaxStateBytes)";
    }

    private void Apply(ActivityDefinition activity, ActivityResult result)
    {
        switch (result.Kind)
        {
            case ActivityResultKind.Completed:
                Journal(JournalEvents.ActivityExecuted, activity, string.Join(",", result.Outcomes));
                foreach (var outcome in result.Outcomes)
                {
                    foreach (var connection in Flowchart.Outbound(activity.Id, outcome))
                    {
                        _tokens.Enqueue((connection.Target.Activity, connection.Key));
                    }
                }
                break;
            case ActivityResultKind.Suspended:
                var bookmark = result.Bookmark!;
                Instance.Bookmarks.RemoveAll(b => b.Id == bookmark.Id);
                Instance.Bookmarks.Add(bookmark);
                Journal(JournalEvents.ActivitySuspended, activity, data: new JsonObject { ["bookmarkId"] = bookmark.Id, ["kind"] = bookmark.Kind });
                break;
            case ActivityResultKind.Waiting:
                Journal(JournalEvents.JoinWaiting, activity);
                break;
            case ActivityResultKind.Ended:
                Journal(JournalEvents.ActivityExecuted, activity);
                Instance.Result = result.WorkflowResult?.DeepClone();
                CancelOpenWork($"workflow ended at '{activity.Id}'");
                Finish(WorkflowStatus.Completed, JournalEvents.InstanceCompleted, null);
                break;
        }
    }

    /// <summary>Stops the burst: the instance is Faulted with an incident, and the stopped tokens are kept for a retry.</summary>
    private void Fault((string ActivityId, string? Via) token, ActivityDefinition? activity, string message, bool keepToken = true)
    {
        Instance.Incidents.Add(new Incident { ActivityId = token.ActivityId, Message = message, At = Now });
        var stopped = _tokens.Select(t => new PendingToken(t.ActivityId, t.Via));
        Instance.PendingTokens = keepToken ? [new PendingToken(token.ActivityId, token.Via), .. stopped] : [.. stopped];
        _tokens.Clear();
        Journal(JournalEvents.ActivityFaulted, activity, message: message);
        Instance.Status = WorkflowStatus.Faulted;
        Journal(JournalEvents.InstanceFaulted, null, message: $"{token.ActivityId}: {message}");
    }

    private ActivityDescriptor Describe(ActivityDefinition activity) => _activities.Find(activity.Type)
        ?? throw new WorkflowCommandException(ErrorCodes.NotResumable, $"unknown activity type '{activity.Type}'");
}
