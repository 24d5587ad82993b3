using System.Text.Json;
using System.Text.Json.Nodes;
using Workflows.Core.Definitions;
using Workflows.Core.Notifications;
using Workflows.Core.Runtime;
using Workflows.Core.Tasks;
using Workflows.Core.Validation;

namespace Workflows.Core.Activities;

/// <param name="Returns">退回: choosing it sends the matter back; the starter gets a 退回 e-mail with the comment as the reason.</param>
/// <param name="Automatic">Chosen only by another matter's CompleteTasks step (合并办理, e.g. 合并销案), never offered to people.</param>
public sealed record TaskOutcome(string Name, string? Label = null, bool RequiresComment = false, bool Returns = false, bool Automatic = false);

public sealed record TaskForm(List<InputDefinition> Fields);

/// <summary>
/// Work for people: resolves who acts (users; roles and departments offered to claim, or expanded for 会签), works
/// out the deadlines, suspends on a bookmark holding the <see cref="TaskState"/>, and continues on the task's outcome
/// once the mode's signatures are in. Claim, delegate, add-signer and urge keep it waiting.
/// </summary>
[Activity("UserTask", DisplayName = "人工任务 User task", Category = "People", Description = "A step a person acts on from the inbox.")]
public sealed class UserTask(AssigneeResolver assignees, TaskDeadlineCalculator deadlines, TaskCommands commands, EmailNotices notices) : Activity
{
    /// <summary>Optional: a step left untitled shows its name in the inbox, so the designer never copies one into the other.</summary>
    public static readonly ActivityInput<string> Title = new("title", description: "What the inbox shows; empty: the step's name.");
    public static readonly ActivityInput<JsonNode> AssignTo = new("assignTo", required: true, description: "users, roles (limited to a case's department with department: code | { of: starter | previousActor }), departments, supervisorOf, or a JavaScript expression returning one of these.");
    public static readonly ActivityInput<string> Mode = new("mode", description: "single (default), any 或签, all 并行会签, sequential 串行会签.");
    public static readonly ActivityInput<string> Consensus = new("consensus", description: "How all/sequential decide: anyRejects (default; the first outcome approves) or majority.");
    public static readonly ActivityInput<List<TaskOutcome>> Outcomes = new("outcomes", required: true);
    public static readonly ActivityInput<TaskForm> Form = new("form");
    public static readonly ActivityInput<JsonNode> Due = new("due", description: "workingDays, hardWorkingDays, duration or at.");
    public static readonly ActivityInput<JsonNode> RemindBefore = new("remindBefore", description: "Working days (default 1) or a duration before the due date.");
    public static readonly ActivityInput<JsonNode> EscalateTo = new("escalateTo");
    public static readonly ActivityInput<JsonNode> EscalateEvery = new("escalateEvery");
    public static readonly ActivityInput<JsonNode> Cc = new("cc");

    private static readonly IActivityInput[] Settings = [Due, RemindBefore, EscalateTo, EscalateEvery, Cc];

    public override IEnumerable<string> GetPorts(ActivityDefinition activity) => LiteralOutcomes(activity).Select(o => o.Name);

    public override ActivityResult Execute(ActivityContext context)
    {
        var task = new TaskState
        {
            Title = TitleOf(context),
            Mode = context.Get(Mode) ?? TaskModes.Single,
            Consensus = context.Get(Consensus) ?? ConsensusRules.AnyRejects,
            Outcomes = context.Get(Outcomes) ?? [],
            Form = context.Get(Form),
            CreatedAt = context.Now,
        };
        if (task.Outcomes.Count == 0)
        {
            throw new InvalidOperationException("a UserTask needs at least one outcome");
        }
        foreach (var input in Settings)
        {
            task.Settings[input.Name] = context.Evaluate(input.Name);
        }
        task.Deadlines = deadlines.Compute(context.Now, task.Settings[Due.Name], task.Settings[RemindBefore.Name]);
        Assign(context, task);
        var bookmark = context.CreateBookmark(BookmarkKinds.UserTask, task.ToPayload());
        notices.TaskAssigned(context, bookmark, task);
        return ActivityResult.Suspend(bookmark);
    }

    public override ActivityResult Resume(ActivityContext context, Bookmark bookmark, ResumeRequest request) =>
        commands.Handle(context, bookmark, request);

    /// <summary>
    /// Named people become signers. Roles and departments are offered to their members to claim in single and any
    /// modes; 会签 needs a fixed list, so there they are expanded to their members.
    /// </summary>
    private void Assign(ActivityContext context, TaskState task)
    {
        var named = assignees.Resolve(context.Evaluate(AssignTo.Name), context.Instance);
        var people = task.Mode is TaskModes.All or TaskModes.Sequential
            ? assignees.People(named)
            : named.Users;
        task.Signers = [.. people.Select(u => new TaskSigner { UserName = u })];
        if (task.Mode is TaskModes.Single or TaskModes.Any)
        {
            (task.CandidateRoles, task.CandidateDepartments, task.CandidateScopedRoles) = ([.. named.Roles], [.. named.Departments], [.. named.ScopedRoles]);
        }
        assignees.RequireHolders(named, $"task '{task.Title}'");
        var reachable = task.Signers.Count > 0 || assignees.People(named with { Users = [] }).Count > 0;
        if (!reachable)
        {
            // Faulting makes the gap visible to an administrator, who can add people and retry.
            throw new InvalidOperationException($"task '{task.Title}' has nobody to act on it: {Describe(named)} has no members");
        }
    }

    private static string TitleOf(ActivityContext context) =>
        context.Get(Title) is { } title && !string.IsNullOrWhiteSpace(title) ? title
        : string.IsNullOrWhiteSpace(context.Activity.Name) ? context.Activity.Id : context.Activity.Name;

    private static string Describe(Assignees named) =>
        named.IsEmpty ? "the assignment" : string.Join(", ", named.Users.Concat(named.Roles.Select(r => $"role {r}")).Concat(named.ScopedRoles.Select(s => s.ToString())).Concat(named.Departments.Select(d => $"department {d}")));

    public override IEnumerable<ValidationProblem> Validate(ActivityDefinition activity)
    {
        foreach (var (input, known) in new[] { (Mode, TaskModes.Known), (Consensus, ConsensusRules.Known) })
        {
            if (activity.Inputs.TryGetValue(input.Name, out var literal) && literal.Type == ExpressionTypes.Literal
                && literal.Value?.ToString() is { } value && !known.Contains(value))
            {
                yield return ValidationProblem.Error(ValidationCodes.InvalidInput, activity.Id, $"UserTask {input.Name} '{value}' is not one of {string.Join(", ", known)}");
            }
        }
        var outcomes = LiteralOutcomes(activity);
        if (outcomes.Any(o => string.IsNullOrWhiteSpace(o.Name)))
        {
            yield return ValidationProblem.Error(ValidationCodes.InvalidInput, activity.Id, "an outcome has no name");
        }
        foreach (var duplicate in outcomes.GroupBy(o => o.Name).Where(g => g.Count() > 1))
        {
            yield return ValidationProblem.Error(ValidationCodes.InvalidInput, activity.Id, $"outcome '{duplicate.Key}' is listed twice");
        }
    }

    internal static IReadOnlyList<TaskOutcome> LiteralOutcomes(ActivityDefinition activity)
    {
        if (!activity.Inputs.TryGetValue(Outcomes.Name, out var expression) || expression.Type != ExpressionTypes.Literal)
        {
            return [];
        }
        try
        {
            return expression.Value?.Deserialize<List<TaskOutcome>>(InstanceJson.Options)?.Where(o => o is not null).ToList() ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
