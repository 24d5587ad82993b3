using Workflows.Core.Definitions;

namespace Workflows.Core.Activities;

[Activity("Decision", DisplayName = "判断 Decision", Category = "Flow", Description = "Continues on True or False by a condition.")]
public sealed class Decision : Activity
{
    public const string True = "True";
    public const string False = "False";

    public static readonly ActivityInput<bool> Condition = new("condition", required: true);

    public override IEnumerable<string> GetPorts(ActivityDefinition activity) => [True, False];

    public override ActivityResult Execute(ActivityContext context) =>
        ActivityResult.Complete(context.Get(Condition) ? True : False);
}
