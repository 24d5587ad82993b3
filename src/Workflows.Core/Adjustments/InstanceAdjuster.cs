using System.Text.Json.Nodes;
using Workflows.Core.Activities;
using Workflows.Core.Notifications;
using Workflows.Core.Runtime;
using Workflows.Core.Tasks;

namespace Workflows.Core.Adjustments;

/// <summary>
/// What an administrator (or the office a definition names) does to a running matter: 改派, 延期, 跳转 and setting a
/// variable. Each is one burst, committed against the version loaded (or the one the caller saw), journalled with
/// who and why; a refusal changes nothing. Timers follow by themselves: the store plans them from the bookmarks.
/// </summary>
public sealed class InstanceAdjuster(WorkflowEngine engine, AssigneeResolver assignees, TaskDeadlineCalculator deadlines, EmailNotices notices)
{
    public Task<WorkflowInstance> ReassignAsync(string instanceId, ReassignTask command, string actor, long? expectedVersion, CancellationToken cancellationToken)
    {
        var reason = RequireReason(command.Reason);
        if (string.IsNullOrWhiteSpace(command.UserName) || !assignees.UserExists(command.UserName))
        {
            throw new WorkflowInputException([new InputError("userName", $"no user '{command.UserName}' to give the task to")]);
        }
        return engine.RunCommandAsync(instanceId, actor, (instance, burst) =>
        {
            RequireOpen(instance);
            var (bookmark, activity, task) = OpenTask(instance, burst, command.TaskId);
            if (task.ActiveSigners.Any(s => s.UserName == command.UserName))
            {
                throw new WorkflowInputException([new InputError("userName", $"{command.UserName} is already due on task '{task.Title}'")]);
            }
            string from;
            if (!task.IsClaimed)
            {
                from = string.Join(", ", task.CandidateRoles.Concat(task.CandidateDepartments).Concat(task.CandidateScopedRoles.Select(r => r.Key)));
                task.Signers.Add(new TaskSigner { UserName = command.UserName });
            }
            else
            {
                var signer = Replaced(task, command.From);
                from = signer.UserName;
                signer.DelegatedFrom ??= signer.UserName;
                signer.UserName = command.UserName;
            }
            bookmark.Payload = task.ToPayload();
            var context = new ActivityContext(burst, activity, null);
            burst.Journal(AdjustmentEvents.TaskReassigned, activity, message: reason,
                data: new JsonObject { ["bookmarkId"] = bookmark.Id, ["from"] = from, ["to"] = command.UserName });
            notices.TaskAssigned(context, bookmark, task, [command.UserName]);
        }, cancellationToken, expectedVersion);
    }

    public Task<WorkflowInstance> ChangeDueDateAsync(string instanceId, ChangeDueDate command, string actor, long? expectedVersion, CancellationToken cancellationToken)
    {
        var reason = RequireReason(command.Reason);
        var dueAt = ParseDate("dueAt", command.DueAt) ?? throw new WorkflowInputException([new InputError("dueAt", "the new due date is required (YYYY-MM-DD or an ISO-8601 date-time)")]);
        var hardDueAt = ParseDate("hardDueAt", command.HardDueAt);
        if (hardDueAt < dueAt)
        {
            throw new WorkflowInputException([new InputError("hardDueAt", "the limit cannot be before the due date")]);
        }
        return engine.RunCommandAsync(instanceId, actor, (instance, burst) =>
        {
            RequireOpen(instance);
            var (bookmark, activity, task) = OpenTask(instance, burst, command.TaskId);
            var before = task.Deadlines;
            var hard = hardDueAt ?? before.HardDueAt;
            if (hard < dueAt)
            {
                throw new WorkflowInputException([new InputError("hardDueAt", $"the task's limit {hard:yyyy-MM-dd HH:mm} UTC is before the new due date: give a new hardDueAt too")]);
            }
            task.Deadlines = new TaskDeadlines { DueAt = dueAt, HardDueAt = hard, RemindAt = deadlines.RemindAt(dueAt, task.Settings["remindBefore"]) };
            // The alerts start again from the new date; escalations already sent keep their count.
            task.Alerts = new TaskAlerts
            {
                Escalations = task.Alerts.Escalations,
                SecondLevelAt = hard == before.HardDueAt ? task.Alerts.SecondLevelAt : null,
            };
            bookmark.Payload = task.ToPayload();
            burst.Journal(AdjustmentEvents.TaskDueDateChanged, activity, message: reason, data: new JsonObject
            {
                ["bookmarkId"] = bookmark.Id,
                ["dueAtBefore"] = before.DueAt,
                ["dueAt"] = dueAt,
                ["hardDueAtBefore"] = before.HardDueAt,
                ["hardDueAt"] = hard,
            });
        }, cancellationToken, expectedVersion);
    }

    public Task<WorkflowInstance> JumpAsync(string instanceId, JumpTo command, string actor, long? expectedVersion, CancellationToken cancellationToken)
    {
        var reason = RequireReason(command.Reason);
        if (string.IsNullOrWhiteSpace(command.ActivityId))
        {
            throw new WorkflowInputException([new InputError("activityId", "the step to continue at is required")]);
        }
        return engine.RunCommandAsync(instanceId, actor, (instance, burst) =>
        {
            RequireOpen(instance);
            var target = burst.Flowchart.Find(command.ActivityId)
                ?? throw new WorkflowInputException([new InputError("activityId", $"version {instance.DefinitionVersion} has no step '{command.ActivityId}'")]);
            var from = new JsonArray([.. instance.ActiveActivityIds.Select(a => (JsonNode)a)]);
            burst.Journal(AdjustmentEvents.InstanceJumped, target, message: reason, data: new JsonObject { ["from"] = from, ["to"] = target.Id });
            burst.CancelOpenWork($"跳转 to '{target.Id}': {reason}");
            instance.PendingTokens.Clear();
            instance.JoinArrivals.Clear();
            (instance.Status, instance.FinishedAt) = (WorkflowStatus.Running, null);
            burst.Enqueue(target.Id);
            burst.Run();
        }, cancellationToken, expectedVersion);
    }

    public Task<WorkflowInstance> ChangeVariableAsync(string instanceId, ChangeVariable command, string actor, long? expectedVersion, CancellationToken cancellationToken)
    {
        var reason = RequireReason(command.Reason);
        return engine.RunCommandAsync(instanceId, actor, (instance, burst) =>
        {
            RequireOpen(instance);
            if (!instance.Variables.ContainsKey(command.Name))
            {
                throw new WorkflowInputException([new InputError("name", $"the matter has no variable '{command.Name}' (it has {string.Join(", ", instance.Variables.Select(v => v.Key))})")]);
            }
            var before = instance.Variables[command.Name]?.DeepClone();
            instance.Variables[command.Name] = command.Value?.DeepClone();
            burst.Journal(AdjustmentEvents.VariableChanged, null, message: reason,
                data: new JsonObject { ["name"] = command.Name, ["before"] = before, ["after"] = command.Value?.DeepClone() });
        }, cancellationToken, expectedVersion);
    }

    private static string RequireReason(string? reason) => string.IsNullOrWhiteSpace(reason)
        ? throw new WorkflowInputException([new InputError("reason", "a reason is required: it is kept in the matter's journal")])
        : reason.Trim();

    private DateTimeOffset? ParseDate(string field, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        try
        {
            return deadlines.ParseDueAt(text.Trim());
        }
        catch (FormatException ex)
        {
            throw new WorkflowInputException([new InputError(field, ex.Message)]);
        }
    }

    /// <summary>Only a matter that has not ended can be adjusted; a faulted one can (跳转 is a way out of a fault).</summary>
    private static void RequireOpen(WorkflowInstance instance)
    {
        if (instance.Status is WorkflowStatus.Completed or WorkflowStatus.Cancelled)
        {
            throw new WorkflowCommandException(ErrorCodes.InstanceNotRunning, $"instance {instance.Id} is {instance.Status}: it can no longer be adjusted");
        }
    }

    private static (Bookmark, Definitions.ActivityDefinition, TaskState) OpenTask(WorkflowInstance instance, WorkflowBurstExecution burst, string taskId)
    {
        var bookmark = instance.Bookmarks.FirstOrDefault(b => b.Id == taskId && b.Kind == BookmarkKinds.UserTask)
            ?? throw new WorkflowCommandException(ErrorCodes.BookmarkNotFound, $"instance {instance.Id} has no open task '{taskId}'");
        var activity = burst.Flowchart.Find(bookmark.ActivityId)
            ?? throw new WorkflowCommandException(ErrorCodes.BookmarkNotFound, $"task '{taskId}' is at '{bookmark.ActivityId}', which the definition no longer has");
        return (bookmark, activity, TaskState.Read(bookmark));
    }

    private static TaskSigner Replaced(TaskState task, string? from)
    {
        var due = task.ActiveSigners.ToList();
        if (from is not null)
        {
            return due.FirstOrDefault(s => s.UserName == from)
                ?? throw new WorkflowInputException([new InputError("from", $"{from} is not due on task '{task.Title}' (due: {string.Join(", ", due.Select(s => s.UserName))})")]);
        }
        return due.Count == 1
            ? due[0]
            : throw new WorkflowInputException([new InputError("from", $"task '{task.Title}' waits for {string.Join(", ", due.Select(s => s.UserName))}: name whom the new person replaces")]);
    }
}
