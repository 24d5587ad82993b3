using System.Text.Json;
using System.Text.Json.Nodes;
using Workflows.Core.Definitions;
using Workflows.Core.Runtime;
using Workflows.Core.Validation;

namespace Workflows.Core.Activities;

public sealed record TaskOutcome(string Name, string? Label = null, bool RequiresComment = false);

public sealed record TaskForm(List<InputDefinition> Fields);

/// <summary>
/// Work for a person: suspends on a bookmark carrying the evaluated task (title, assignees, mode, outcomes, form,
/// deadlines) and continues on the outcome the person chose.
/// </summary>
[Activity("UserTask", DisplayName = "人工任务 User task", Category = "People", Description = "A step a person acts on from the inbox.")]
public sealed class UserTask : Activity
{
    public const string Single = "single";
    public const string Any = "any";
    public const string All = "all";
    public const string Sequential = "sequential";
    private static readonly string[] Modes = [Single, Any, All, Sequential];

    public static readonly ActivityInput<string> Title = new("title", required: true);
    public static readonly ActivityInput<JsonNode> AssignTo = new("assignTo", required: true, description: "users, roles, departments, supervisorOf, or a JavaScript expression returning user names.");
    public static readonly ActivityInput<string> Mode = new("mode", description: "single (default), any 或签, all 并行会签, sequential 串行会签.");
    public static readonly ActivityInput<List<TaskOutcome>> Outcomes = new("outcomes", required: true);
    public static readonly ActivityInput<TaskForm> Form = new("form");
    public static readonly ActivityInput<JsonNode> Due = new("due", description: "workingDays, hardWorkingDays, duration or at.");
    public static readonly ActivityInput<JsonNode> RemindBefore = new("remindBefore");
    public static readonly ActivityInput<JsonNode> EscalateTo = new("escalateTo");
    public static readonly ActivityInput<JsonNode> EscalateEvery = new("escalateEvery");
    public static readonly ActivityInput<JsonNode> Cc = new("cc");

    private static readonly IActivityInput[] CarriedInputs = [AssignTo, Due, RemindBefore, EscalateTo, EscalateEvery, Cc];

    public override IEnumerable<string> GetPorts(ActivityDefinition activity) => LiteralOutcomes(activity).Select(o => o.Name);

    public override ActivityResult Execute(ActivityContext context)
    {
        var outcomes = context.Get(Outcomes) ?? [];
        if (outcomes.Count == 0)
        {
            throw new InvalidOperationException("a UserTask needs at least one outcome");
        }
        var payload = new JsonObject
        {
            [Title.Name] = context.Get(Title) ?? context.Activity.Name ?? context.Activity.Id,
            [Mode.Name] = context.Get(Mode) ?? Single,
            [Outcomes.Name] = JsonSerializer.SerializeToNode(outcomes, InstanceJson.Options),
            [Form.Name] = context.Evaluate(Form.Name),
        };
        foreach (var input in CarriedInputs)
        {
            payload[input.Name] = context.Evaluate(input.Name);
        }
        return ActivityResult.Suspend(context.CreateBookmark(BookmarkKinds.UserTask, payload));
    }

    public override ActivityResult Resume(ActivityContext context, Bookmark bookmark, ResumeRequest request)
    {
        var outcomes = bookmark.Payload[Outcomes.Name].Deserialize<List<TaskOutcome>>(InstanceJson.Options) ?? [];
        var chosen = outcomes.FirstOrDefault(o => o.Name == request.Outcome)
            ?? throw new WorkflowCommandException(ErrorCodes.UnknownOutcome,
                $"'{request.Outcome}' is not an outcome of task '{context.Activity.Id}' (expected {string.Join(", ", outcomes.Select(o => o.Name))})");
        if (chosen.RequiresComment && string.IsNullOrWhiteSpace(request.Comment))
        {
            throw new WorkflowCommandException(ErrorCodes.CommentRequired, $"outcome '{chosen.Label ?? chosen.Name}' needs a comment giving the reason");
        }
        var data = request.Data ?? [];
        if (bookmark.Payload[Form.Name].Deserialize<TaskForm>(InstanceJson.Options) is { } form)
        {
            StartInputValidator.Validate(form.Fields, data);
        }
        context.Instance.LastTask = new JsonObject
        {
            ["activityId"] = context.Activity.Id,
            ["outcome"] = chosen.Name,
            ["comment"] = request.Comment,
            ["actor"] = request.Actor,
            ["data"] = data.DeepClone(),
        };
        return ActivityResult.Complete(chosen.Name);
    }

    public override IEnumerable<ValidationProblem> Validate(ActivityDefinition activity)
    {
        if (activity.Inputs.TryGetValue(Mode.Name, out var mode) && mode.Type == ExpressionTypes.Literal
            && mode.Value?.ToString() is { } value && !Modes.Contains(value))
        {
            yield return ValidationProblem.Error(ValidationCodes.InvalidInput, activity.Id, $"UserTask mode '{value}' is not one of {string.Join(", ", Modes)}");
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
