using Workflows.Core.Definitions;
using Workflows.Core.Triggers;
using Workflows.Core.Validation;

namespace Workflows.Core.Activities;

/// <summary>Elsa's Cron as a start: while the definition is published, a new instance starts at each occurrence.</summary>
[Activity(StartTypes.Cron, DisplayName = "按计划开始 Cron", Category = "Triggers", Description = "Starts a new instance on a cron schedule, in the office's time zone.")]
public sealed class CronTrigger : Activity
{
    public static readonly ActivityInput<string> Expression = new(StartSchedule.CronInput, required: true,
        description: "Five fields (minute hour day month weekday), or six with seconds first, e.g. 0 9 * * 1-5.");

    public override ActivityResult Execute(ActivityContext context) => ActivityResult.Done();

    public override IEnumerable<ValidationProblem> Validate(ActivityDefinition activity) => ScheduleCheck.Problems(activity, Expression.Name);
}
