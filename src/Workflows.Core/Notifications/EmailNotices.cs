using System.Text.Json;
using System.Text.Json.Nodes;
using Workflows.Core.Activities;
using Workflows.Core.Runtime;
using Workflows.Core.Tasks;

namespace Workflows.Core.Notifications;

/// <summary>
/// The e-mails the engine writes by itself, as side effects of the burst (so into the outbox in its transaction):
/// 待办 to whoever a task now waits for, 退回 or step-completed to the starter, 抄送 to a step's <c>cc</c>, 办结 to
/// the starter. Nobody is mailed about what they did themselves, and each kind can be switched off
/// (<see cref="NotifyOptions"/>). Recipients are user names; delivery looks up their addresses.
/// </summary>
public sealed class EmailNotices(AssigneeResolver assignees, NotifyOptions options)
{
    /// <summary>待办 to <paramref name="people"/>; with none given, to everyone the task waits for now.</summary>
    public void TaskAssigned(ActivityContext context, Bookmark bookmark, TaskState task, IEnumerable<string>? people = null)
    {
        var to = Others(context.Actor, people ?? Handlers(task));
        if (to.Count == 0 || !options.TaskAssigned)
        {
            return;
        }
        var message = Describe(context, bookmark, task, MessageKinds.TaskAssigned, to);
        message["handlers"] = Names(Handlers(task));
        context.RecordSideEffect(SideEffectKinds.Email, message);
    }

    /// <summary>
    /// The step ended on <paramref name="outcome"/>: 退回 to the starter when the outcome <c>returns</c>, otherwise the
    /// step-completed message (which a 办结 in the same burst replaces).
    /// </summary>
    public void StepCompleted(ActivityContext context, Bookmark bookmark, TaskState task, TaskOutcome outcome, string? actor, string? comment)
    {
        var kind = outcome.Returns ? MessageKinds.Returned : MessageKinds.Completed;
        var to = Others(actor, context.Instance.StartedBy is { } starter ? [starter] : []);
        if (to.Count == 0 || !options.IsOn(kind))
        {
            return;
        }
        var message = Describe(context, bookmark, task, kind, to);
        (message["outcome"], message["message"], message["actor"]) = (outcome.Label ?? outcome.Name, comment, actor);
        context.RecordSideEffect(SideEffectKinds.Email, message);
    }

    /// <summary>抄送 to <paramref name="people"/> (the step's <c>cc</c>): how the step ended.</summary>
    public void Copied(ActivityContext context, Bookmark bookmark, TaskState task, IEnumerable<string> people, TaskOutcome outcome, string? actor, string? comment)
    {
        var to = Others(actor, people);
        if (to.Count == 0 || !options.Cc)
        {
            return;
        }
        var message = Describe(context, bookmark, task, MessageKinds.Cc, to);
        (message["outcome"], message["message"], message["actor"]) = (outcome.Label ?? outcome.Name, comment, actor);
        context.RecordSideEffect(SideEffectKinds.Email, message);
    }

    /// <summary>办结 to the starter, with the result; it replaces the step-completed messages of the same burst.</summary>
    internal void InstanceFinished(WorkflowBurstExecution burst, string activityId)
    {
        var instance = burst.Instance;
        var to = Others(burst.Actor, instance.StartedBy is { } starter ? [starter] : []);
        if (to.Count == 0 || !options.InstanceFinished)
        {
            return;
        }
        burst.RemoveSideEffects(e => e.Kind == SideEffectKinds.Email && e.Payload["template"]?.GetValue<string>() == MessageKinds.Completed);
        burst.RecordSideEffect(activityId, SideEffectKinds.Email, new JsonObject
        {
            ["template"] = MessageKinds.InstanceFinished,
            ["to"] = new JsonObject { ["users"] = Names(to) },
            ["matter"] = MatterTitle(instance),
            ["result"] = instance.Result switch
            {
                null => null,
                JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
                var other => other.ToJsonString(),
            },
            ["assignedAt"] = instance.CreatedAt,
        });
    }

    /// <summary>The matter's own title when its start form has one (<c>input.title</c>); messages fall back to the task's title.</summary>
    public static string? MatterTitle(WorkflowInstance instance) =>
        instance.Input["title"] is JsonValue title && title.GetValueKind() == JsonValueKind.String ? title.GetValue<string>() : null;

    /// <summary>Who acts now: the active signers, or everyone the unclaimed task is offered to.</summary>
    private IReadOnlyList<string> Handlers(TaskState task) => task.IsClaimed
        ? [.. task.ActiveSigners.Select(s => s.UserName).Distinct()]
        : assignees.People(task.Candidates);

    private static List<string> Others(string? actor, IEnumerable<string> people) =>
        [.. people.Where(p => p != actor).Distinct(StringComparer.Ordinal)];

    /// <summary>What the message names; only a 待办 links to the task, the others to the matter (the task is closed).</summary>
    private static JsonObject Describe(ActivityContext context, Bookmark bookmark, TaskState task, string kind, IReadOnlyList<string> to) => new()
    {
        ["template"] = kind,
        ["to"] = new JsonObject { ["users"] = Names(to) },
        ["taskId"] = kind == MessageKinds.TaskAssigned ? bookmark.Id : null,
        ["title"] = task.Title,
        ["matter"] = MatterTitle(context.Instance),
        ["step"] = context.Activity.Name ?? context.Activity.Id,
        ["assignedAt"] = task.CreatedAt,
        ["dueAt"] = task.Deadlines.DueAt,
        ["hardDueAt"] = task.Deadlines.HardDueAt,
    };

    private static JsonArray Names(IEnumerable<string> names) => new([.. names.Select(n => (JsonNode)n)]);
}
