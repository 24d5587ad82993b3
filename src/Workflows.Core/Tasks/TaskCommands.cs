using System.Text.Json.Nodes;
using Workflows.Core.Activities;
using Workflows.Core.Notifications;
using Workflows.Core.Organisation;
using Workflows.Core.Runtime;

namespace Workflows.Core.Tasks;

/// <summary>
/// What people do to an open user task: complete, claim, delegate, add a signer, urge (and what its deadline timers do: remind, escalate). Each checks who is asking
/// and refuses with <see cref="WorkflowCommandException"/> (nothing changed) or returns the activity's result.
/// </summary>
public sealed class TaskCommands(AssigneeResolver assignees, TaskDeadlineCalculator deadlines, TaskAlertCommands alerts, EmailNotices notices, IOrganisationDirectory organisation,
    MatterSelection matters)
{
    public static readonly TimeSpan UrgeInterval = TimeSpan.FromHours(1);

    public ActivityResult Handle(ActivityContext context, Bookmark bookmark, ResumeRequest request)
    {
        var task = TaskState.Read(bookmark);
        var waitingFor = task.ActiveSigners.Select(s => s.UserName).ToList();
        var result = request.Action switch
        {
            TaskActions.Complete => Complete(context, bookmark, task, request),
            TaskActions.Claim => Update(bookmark, Claim(context, task, request.Actor)),
            TaskActions.Delegate => Update(bookmark, Delegate(context, task, request)),
            TaskActions.AddSigner => Update(bookmark, AddSigner(context, task, request)),
            TaskActions.Urge => Update(bookmark, Urge(context, bookmark, task, request)),
            TaskActions.RecomputeDeadlines => Update(bookmark, Recompute(context, task)),
            TaskActions.Remind => Update(bookmark, alerts.Remind(context, bookmark, task)),
            TaskActions.Escalate => Update(bookmark, alerts.Escalate(context, bookmark, task, request.Payload)),
            _ => throw new WorkflowCommandException(ErrorCodes.UnknownAction, $"'{request.Action}' is not something a task can do"),
        };
        if (result.Kind == ActivityResultKind.Suspended)
        {
            // 转办, 加签 and the next turn in 串行会签 put the task before someone new.
            notices.TaskAssigned(context, bookmark, task, task.ActiveSigners.Select(s => s.UserName).Except(waitingFor));
        }
        return result;
    }

    private ActivityResult Complete(ActivityContext context, Bookmark bookmark, TaskState task, ResumeRequest request)
    {
        var chosen = task.Outcomes.FirstOrDefault(o => o.Name == request.Outcome)
            ?? throw new WorkflowCommandException(ErrorCodes.UnknownOutcome,
                $"'{request.Outcome}' is not an outcome of task '{context.Activity.Id}' (expected {string.Join(", ", task.Outcomes.Select(o => o.Name))})");
        if (chosen.Automatic && request.OnBehalfOf is null)
        {
            throw new WorkflowCommandException(ErrorCodes.UnknownOutcome,
                $"'{chosen.Label ?? chosen.Name}' is chosen only when another matter completes task '{context.Activity.Id}' with its own (合并办理)");
        }
        if (chosen.RequiresComment && string.IsNullOrWhiteSpace(request.Comment))
        {
            throw new WorkflowCommandException(ErrorCodes.CommentRequired, $"outcome '{chosen.Label ?? chosen.Name}' needs a comment giving the reason");
        }
        var data = request.Data ?? [];
        InputHygiene.Check(task.Form?.Fields ?? [], new JsonObject { ["comment"] = request.Comment }, refuseUndeclared: false);
        InputHygiene.Check(task.Form?.Fields ?? [], data, refuseUndeclared: false);
        if (task.Form is { } form)
        {
            StartInputValidator.Validate(form.Fields, data, organisation, chosen.Name);
            matters.Check(context.Instance, form.Fields, data, request.Actor);
        }
        if (!task.IsClaimed)
        {
            Claim(context, task, request.Actor);
        }
        var signer = SignerFor(context, task, request.Actor);
        (signer.State, signer.Outcome, signer.Comment, signer.Data, signer.At) = (SignerState.Done, chosen.Name, request.Comment, data, context.Now);

        var outcome = TaskConsensus.Decide(task);
        if (outcome is null)
        {
            context.Journal(JournalEvents.TaskSigned, request.Comment, new JsonObject { ["bookmarkId"] = bookmark.Id, ["outcome"] = chosen.Name });
            bookmark.Payload = task.ToPayload();
            return ActivityResult.Suspend(bookmark);
        }
        context.Instance.LastTask = new JsonObject
        {
            ["activityId"] = context.Activity.Id,
            ["outcome"] = outcome,
            ["comment"] = request.Comment,
            ["actor"] = signer.UserName,
            ["data"] = data.DeepClone(),
            ["onBehalfOf"] = request.OnBehalfOf,
            // When the step was put before people and when it ended: later steps can count a shared window from either.
            ["createdAt"] = task.CreatedAt,
            ["completedAt"] = context.Now,
            ["signatures"] = new JsonArray([.. task.Signers.Where(s => s.State == SignerState.Done).Select(s => (JsonNode)new JsonObject
            {
                ["userName"] = s.UserName,
                ["outcome"] = s.Outcome,
                ["comment"] = s.Comment,
                ["at"] = s.At,
            })]),
        };
        if (request.OnBehalfOf is { } other)
        {
            context.Journal(JournalEvents.CompletedWithOtherMatter, request.Comment,
                new JsonObject { ["bookmarkId"] = bookmark.Id, ["outcome"] = outcome, ["onBehalfOf"] = other, ["actor"] = signer.UserName });
        }
        var decided = task.Outcomes.First(o => o.Name == outcome);
        notices.StepCompleted(context, bookmark, task, decided, signer.UserName, request.Comment);
        CopyTo(context, bookmark, task, decided, signer.UserName, request.Comment);
        return ActivityResult.Complete(outcome);
    }

    /// <summary>抄送 on completion: read-only inbox items telling the <c>cc</c> people how the step ended.</summary>
    private void CopyTo(ActivityContext context, Bookmark bookmark, TaskState task, TaskOutcome outcome, string actor, string? comment)
    {
        if (task.Settings["cc"] is not { } cc)
        {
            return;
        }
        var named = assignees.Resolve(cc, context.Instance);
        assignees.RequireHolders(named, $"抄送 of task '{task.Title}'");
        var people = assignees.People(named);
        context.RecordSideEffect(SideEffectKinds.Notify, new JsonObject
        {
            ["to"] = cc.DeepClone(),
            ["users"] = new JsonArray([.. people.Select(p => (JsonNode)p)]),
            ["title"] = $"抄送：{task.Title}（{outcome.Label ?? outcome.Name}）",
            ["taskId"] = bookmark.Id,
        });
        notices.Copied(context, bookmark, task, people, outcome, actor, comment);
    }

    private TaskState Claim(ActivityContext context, TaskState task, string? actor)
    {
        if (task.IsClaimed)
        {
            throw new WorkflowCommandException(ErrorCodes.AlreadyClaimed, $"task '{task.Title}' is already assigned to {string.Join(", ", task.Signers.Select(s => s.UserName))}");
        }
        if (actor is null || !assignees.IsCandidate(actor, task))
        {
            throw new WorkflowCommandException(ErrorCodes.NotYourTask, $"{actor ?? "the system"} is not among those task '{task.Title}' is offered to");
        }
        task.Signers.Add(new TaskSigner { UserName = actor });
        context.Journal(JournalEvents.TaskClaimed);
        return task;
    }

    private TaskState Delegate(ActivityContext context, TaskState task, ResumeRequest request)
    {
        var signer = SignerFor(context, task, request.Actor);
        var target = RequireNewSigner(task, request.UserName);
        signer.DelegatedFrom ??= signer.UserName;
        var from = signer.UserName;
        signer.UserName = target;
        context.Journal(JournalEvents.TaskDelegated, request.Comment,
            new JsonObject { ["from"] = from, ["to"] = target, ["originalAssignee"] = signer.DelegatedFrom });
        return task;
    }

    private TaskState AddSigner(ActivityContext context, TaskState task, ResumeRequest request)
    {
        var signer = SignerFor(context, task, request.Actor);
        var added = new TaskSigner { UserName = RequireNewSigner(task, request.UserName), AddedBy = signer.UserName, Required = true };
        // 串行会签 puts the new signer right after the one who added them; otherwise order does not matter.
        task.Signers.Insert(task.Signers.IndexOf(signer) + 1, added);
        context.Journal(JournalEvents.SignerAdded, request.Comment, new JsonObject { ["userName"] = added.UserName, ["addedBy"] = added.AddedBy });
        return task;
    }

    private TaskState Urge(ActivityContext context, Bookmark bookmark, TaskState task, ResumeRequest request)
    {
        if (task.LastUrgedAt is { } last && context.Now - last < UrgeInterval)
        {
            throw new WorkflowCommandException(ErrorCodes.UrgeTooSoon,
                $"task '{task.Title}' was urged at {last:yyyy-MM-dd HH:mm} UTC; it can be urged again after {last + UrgeInterval:HH:mm} UTC");
        }
        task.LastUrgedAt = context.Now;
        // A role within a department is expanded here: the mail sender knows district-wide roles only.
        var recipients = task.IsClaimed
            ? new JsonObject { ["users"] = new JsonArray([.. task.ActiveSigners.Select(s => (JsonNode)s.UserName)]) }
            : new JsonObject
            {
                ["users"] = new JsonArray([.. assignees.People(new Assignees([], [], []) { ScopedRoles = task.CandidateScopedRoles }).Select(u => (JsonNode)u)]),
                ["roles"] = new JsonArray([.. task.CandidateRoles.Select(r => (JsonNode)r)]),
                ["departments"] = new JsonArray([.. task.CandidateDepartments.Select(d => (JsonNode)d)]),
            };
        context.RecordSideEffect(SideEffectKinds.Email, new JsonObject
        {
            ["template"] = MessageKinds.Reminder,
            ["to"] = recipients,
            ["taskId"] = bookmark.Id,
            ["title"] = task.Title,
            ["matter"] = EmailNotices.MatterTitle(context.Instance),
            ["urgedBy"] = request.Actor,
            ["message"] = request.Comment,
            ["dueAt"] = task.Deadlines.DueAt,
        });
        context.Journal(JournalEvents.TaskUrged, request.Comment, new JsonObject { ["bookmarkId"] = bookmark.Id, ["to"] = recipients.DeepClone() });
        return task;
    }

    private TaskState Recompute(ActivityContext context, TaskState task)
    {
        if (!task.Deadlines.Provisional)
        {
            return task;
        }
        var before = task.Deadlines.DueAt;
        task.Deadlines = deadlines.Compute(task.CreatedAt, task.Settings["due"], task.Settings["remindBefore"]);
        context.Journal(JournalEvents.DeadlinesRecomputed, data: new JsonObject { ["dueAtBefore"] = before, ["dueAt"] = task.Deadlines.DueAt, ["provisional"] = task.Deadlines.Provisional });
        return task;
    }

    /// <summary>The signer the actor acts as; the system (null actor) acts for the first signer due.</summary>
    private static TaskSigner SignerFor(ActivityContext context, TaskState task, string? actor) =>
        (actor is null ? task.ActiveSigners.FirstOrDefault() : task.ActiveSigner(actor))
        ?? throw new WorkflowCommandException(ErrorCodes.NotYourTask,
            $"task '{task.Title}' ({context.Activity.Id}) is not waiting for {actor ?? "anyone"}; it waits for {Describe(task)}");

    private string RequireNewSigner(TaskState task, string? userName)
    {
        if (string.IsNullOrWhiteSpace(userName) || !assignees.UserExists(userName))
        {
            throw new WorkflowCommandException(ErrorCodes.UnknownUser, $"no user '{userName}' to hand the task to");
        }
        if (task.Signers.Any(s => s.UserName == userName && s.State == SignerState.Pending))
        {
            throw new WorkflowCommandException(ErrorCodes.InvalidInput, $"{userName} is already on task '{task.Title}'");
        }
        return userName;
    }

    private static string Describe(TaskState task) => task.IsClaimed
        ? string.Join(", ", task.ActiveSigners.Select(s => s.UserName)) is { Length: > 0 } names ? names : "nobody"
        : $"a member of {string.Join(", ", task.CandidateRoles.Concat(task.CandidateScopedRoles.Select(s => s.ToString())).Concat(task.CandidateDepartments))} to claim it";

    private static ActivityResult Update(Bookmark bookmark, TaskState task)
    {
        bookmark.Payload = task.ToPayload();
        return ActivityResult.Suspend(bookmark);
    }
}
