using System.Text.Json.Nodes;
using Workflows.Core.Definitions;

namespace Workflows.Core.Activities;

[Activity("End", DisplayName = "结束 End", Category = "Flow", Description = "Ends the workflow with a result; open work elsewhere is cancelled.")]
public sealed class End : Activity
{
    public static readonly ActivityInput<JsonNode> Result = new("result", description: "The instance's result, e.g. \"approved\".");

    public override IEnumerable<string> GetPorts(ActivityDefinition activity) => [];

    public override ActivityResult Execute(ActivityContext context) => ActivityResult.End(context.Evaluate(Result.Name));
}
