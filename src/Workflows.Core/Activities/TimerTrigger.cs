using Workflows.Core.Definitions;
using Workflows.Core.Triggers;
using Workflows.Core.Validation;

namespace Workflows.Core.Activities;

/// <summary>Elsa's recurring Timer as a start: while the definition is published, a new instance starts every interval.</summary>
[Activity(StartTypes.Timer, DisplayName = "定时开始 Timer", Category = "Triggers", Description = "Starts a new instance every interval, in the office's time zone.")]
public sealed class TimerTrigger : Activity
{
    public static readonly ActivityInput<string> Interval = new(StartSchedule.IntervalInput, required: true,
        description: "ISO-8601 dividing a minute, an hour or a day, e.g. PT15M, PT2H, P1D.");

    public override ActivityResult Execute(ActivityContext context) => ActivityResult.Done();

    public override IEnumerable<ValidationProblem> Validate(ActivityDefinition activity) => ScheduleCheck.Problems(activity, Interval.Name);
}

/// <summary>A scheduled start's interval or cron expression must be a literal the scheduler can run.</summary>
internal static class ScheduleCheck
{
    public static IEnumerable<ValidationProblem> Problems(ActivityDefinition activity, string input)
    {
        if (!activity.Inputs.TryGetValue(input, out var expression))
        {
            yield break;
        }
        if (expression.Type != ExpressionTypes.Literal)
        {
            yield return ValidationProblem.Error(ValidationCodes.InvalidInput, activity.Id, $"'{input}' of a scheduled start must be a literal");
            yield break;
        }
        string? problem = null;
        try
        {
            StartSchedule.Of(new WorkflowDefinition { Root = new FlowchartDefinition { Activities = [activity] } });
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
