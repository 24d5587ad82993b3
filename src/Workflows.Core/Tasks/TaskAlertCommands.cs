using System.Text.Json;
using System.Text.Json.Nodes;
using Workflows.Core.Activities;
using Workflows.Core.Calendar;
using Workflows.Core.Notifications;
using Workflows.Core.Organisation;
using Workflows.Core.Runtime;

namespace Workflows.Core.Tasks;

/// <summary>
/// What the deadline timers do to an open task: the automatic 催办 to whoever must act, and the 督办 to their
/// supervisors (or <c>escalateTo</c>), copied to the supervision office, repeated every <c>escalateEvery</c> up to
/// <see cref="WorkflowEngineOptions.MaxEscalations"/>, with a second level at the hard due date. Each is one e-mail
/// side effect and one journal entry; a timer that fires twice finds its alert already sent and does nothing.
/// </summary>
public sealed class TaskAlertCommands(
    AssigneeResolver assignees, IOrganisationDirectory organisation, DeadlineCalculator deadlines,
    IWorkingDayCalendar calendar, WorkflowEngineOptions options, NotifyOptions notify)
{
    /// <summary>督查室: copied on every escalation when the role has members.</summary>
    public const string SupervisionOfficeRole = "supervision-office";

    public TaskState Remind(ActivityContext context, Bookmark bookmark, TaskState task)
    {
        if (task.Alerts.RemindedAt is not null)
        {
            return task;
        }
        task.Alerts.RemindedAt = context.Now;
        if (task.Deadlines.DueAt is { } dueAt && context.Now >= dueAt)
        {
            // Already overdue (a task created late, or a reminder due at the due date): the 督办 takes over from a
            // warning that would race it.
            return task;
        }
        var to = new JsonObject { ["users"] = Names(Handlers(task)) };
        var message = Describe(context, bookmark, task, MessageKinds.Reminder);
        message["to"] = to;
        if (notify.Reminder)
        {
            context.RecordSideEffect(SideEffectKinds.Email, message);
        }
        context.Journal(JournalEvents.TaskReminded, null, new JsonObject { ["bookmarkId"] = bookmark.Id, ["to"] = to.DeepClone() });
        return task;
    }

    public TaskState Escalate(ActivityContext context, Bookmark bookmark, TaskState task, JsonNode? request)
    {
        var level = request?["level"]?.GetValue<int>() ?? 1;
        var sequence = request?["sequence"]?.GetValue<int>() ?? task.Alerts.Escalations + 1;
        if (level == 1 ? task.Alerts.EscalationsDone || sequence <= task.Alerts.Escalations : task.Alerts.SecondLevelAt is not null)
        {
            return task;
        }
        var firstLevel = FirstLevelRecipients(context, task);
        var recipients = level == 1 ? firstLevel : SupervisorsOf(firstLevel) is { Count: > 0 } above ? above : firstLevel;
        if (level == 1)
        {
            task.Alerts.Escalations = sequence;
            task.Alerts.NextEscalationAt = Next(context.Now, task.Settings["escalateEvery"]);
            task.Alerts.EscalationsDone = sequence >= options.MaxEscalations;
        }
        else
        {
            task.Alerts.SecondLevelAt = context.Now;
        }
        var to = new JsonObject { ["users"] = Names(recipients) };
        var cc = new JsonObject { ["roles"] = new JsonArray(SupervisionOfficeRole) };
        var message = Describe(context, bookmark, task, MessageKinds.Escalation);
        (message["to"], message["cc"], message["level"], message["sequence"]) = (to, cc, level, level == 1 ? sequence : null);
        if (notify.Escalation)
        {
            context.RecordSideEffect(SideEffectKinds.Email, message);
        }
        context.Journal(JournalEvents.TaskEscalated, null,
            new JsonObject { ["bookmarkId"] = bookmark.Id, ["level"] = level, ["sequence"] = level == 1 ? sequence : null, ["to"] = to.DeepClone(), ["cc"] = cc.DeepClone() });
        return task;
    }

    /// <summary>Who acts now: the active signers, or everyone the unclaimed task is offered to.</summary>
    private IReadOnlyList<string> Handlers(TaskState task) => task.IsClaimed
        ? [.. task.ActiveSigners.Select(s => s.UserName).Distinct()]
        : assignees.People(task.Candidates);

    private IReadOnlyList<string> FirstLevelRecipients(ActivityContext context, TaskState task) =>
        task.Settings["escalateTo"] is { } escalateTo
            ? EscalationRecipients(context, task, escalateTo)
            : SupervisorsOf(Handlers(task));

    private IReadOnlyList<string> EscalationRecipients(ActivityContext context, TaskState task, JsonNode escalateTo)
    {
        var named = assignees.Resolve(escalateTo, context.Instance);
        assignees.RequireHolders(named, $"督办 of task '{task.Title}'");
        return assignees.People(named);
    }

    private List<string> SupervisorsOf(IEnumerable<string> people) =>
        [.. people.Select(organisation.SupervisorOf).OfType<string>().Distinct(StringComparer.Ordinal)];

    /// <summary><c>escalateEvery</c>: working days (a number), an ISO-8601 duration, or either in an object; one working day by default.</summary>
    private DateTimeOffset Next(DateTimeOffset now, JsonNode? every) => every switch
    {
        JsonValue value when value.GetValueKind() == JsonValueKind.String => now + DeadlineCalculator.ParseDuration(value.GetValue<string>()),
        JsonValue value => deadlines.AddWorkingDays(now, Math.Max(1, value.GetValue<int>())).At,
        JsonObject { } spec when spec["duration"] is { } duration => now + DeadlineCalculator.ParseDuration(duration.GetValue<string>()),
        JsonObject { } spec when spec["workingDays"] is { } days => deadlines.AddWorkingDays(now, Math.Max(1, days.GetValue<int>())).At,
        _ => deadlines.AddWorkingDays(now, 1).At,
    };

    /// <summary>Everything a 催办/督办 message names; the mail composer adds the procedure's name and the link.</summary>
    private JsonObject Describe(ActivityContext context, Bookmark bookmark, TaskState task, string template)
    {
        var dueAt = task.Deadlines.DueAt;
        var overdue = dueAt is { } due && context.Now > due
            ? Math.Max(0, calendar.WorkingDaysBetween(deadlines.LocalDate(due), deadlines.LocalDate(context.Now)))
            : 0;
        return new JsonObject
        {
            ["template"] = template,
            ["taskId"] = bookmark.Id,
            ["title"] = task.Title,
            ["matter"] = EmailNotices.MatterTitle(context.Instance),
            ["step"] = context.Activity.Name ?? context.Activity.Id,
            ["handlers"] = Names(Handlers(task)),
            ["assignedAt"] = task.CreatedAt,
            ["dueAt"] = dueAt,
            ["hardDueAt"] = task.Deadlines.HardDueAt,
            ["overdueWorkingDays"] = overdue,
        };
    }

    private static JsonArray Names(IEnumerable<string> names) => new([.. names.Select(n => (JsonNode)n)]);
}
