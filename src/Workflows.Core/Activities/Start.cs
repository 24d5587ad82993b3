namespace Workflows.Core.Activities;

[Activity("Start", DisplayName = "开始 Start", Category = "Flow", Description = "Where every instance begins.")]
public sealed class Start : Activity
{
    public override ActivityResult Execute(ActivityContext context) => ActivityResult.Done();
}
