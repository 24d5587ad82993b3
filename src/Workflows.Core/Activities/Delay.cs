using System.Text.Json.Nodes;
using Workflows.Core.Calendar;
using Workflows.Core.Definitions;
using Workflows.Core.Runtime;
using Workflows.Core.Validation;

namespace Workflows.Core.Activities;

/// <summary>Waits on a timer bookmark: an ISO-8601 duration, a number of working days, or until an absolute date.</summary>
[Activity("Delay", DisplayName = "等待 Delay", Category = "Time", Description = "Waits for a duration, working days or a date.")]
public sealed class Delay(DeadlineCalculator deadlines) : Activity
{
    public static readonly ActivityInput<string> Duration = new("duration", description: "ISO-8601, e.g. P3D or PT2H.");
    public static readonly ActivityInput<int?> WorkingDays = new("workingDays");
    public static readonly ActivityInput<string> Until = new("until", description: "A date (YYYY-MM-DD) or date-time.");

    public override ActivityResult Execute(ActivityContext context)
    {
        var (dueAt, provisional) = context.Get(WorkingDays) is { } days ? deadlines.AddWorkingDays(context.Now, days)
            : context.Get(Duration) is { } duration ? (context.Now + DeadlineCalculator.ParseDuration(duration), false)
            : context.Get(Until) is { } until ? (deadlines.ParseInstant(until), false)
            : throw new InvalidOperationException("Delay needs duration, workingDays or until");
        var payload = new JsonObject { ["dueAt"] = dueAt, ["provisional"] = provisional };
        var bookmark = context.CreateBookmark(BookmarkKinds.Timer, payload, dueAt);
        return ActivityResult.Suspend(bookmark);
    }

    /// <summary>Firing early is refused, so a stray or duplicated timer job cannot cut a wait short.</summary>
    public override ActivityResult Resume(ActivityContext context, Bookmark bookmark, ResumeRequest request)
    {
        if (bookmark.DueAt is { } due && context.Now < due)
        {
            throw new WorkflowCommandException(ErrorCodes.TimerNotDue, $"timer of '{context.Activity.Id}' is due at {due:O}, not yet");
        }
        return ActivityResult.Done();
    }

    public override IEnumerable<ValidationProblem> Validate(ActivityDefinition activity)
    {
        if (!new[] { Duration, (IActivityInput)WorkingDays, Until }.Any(i => activity.Inputs.ContainsKey(i.Name)))
        {
            yield return ValidationProblem.Error(ValidationCodes.MissingInput, activity.Id, "Delay needs one of 'duration', 'workingDays' or 'until'");
        }
        if (activity.Inputs.TryGetValue(Duration.Name, out var d) && d.Type == ExpressionTypes.Literal && d.Value?.ToString() is { } text)
        {
            string? problem = null;
            try
            {
                DeadlineCalculator.ParseDuration(text);
            }
            catch (FormatException ex)
            {
                problem = ex.Message;
            }
            if (problem is not null)
            {
                yield return ValidationProblem.Error(ValidationCodes.InvalidInput, activity.Id, problem);
            }
        }
    }
}
