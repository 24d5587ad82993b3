using Workflows.Core.Definitions;

namespace Workflows.Core.Activities;

[Activity("Fork", DisplayName = "并行 Fork", Category = "Flow", Description = "Continues on every branch at once.")]
public sealed class Fork : Activity
{
    public static readonly ActivityInput<List<string>> Branches = new("branches", required: true, description: "Branch (port) names.");

    public override IEnumerable<string> GetPorts(ActivityDefinition activity) =>
        activity.Inputs.TryGetValue(Branches.Name, out var e) && e.Value is System.Text.Json.Nodes.JsonArray names
            ? names.Select(n => n?.ToString() ?? "")
            : [];

    public override ActivityResult Execute(ActivityContext context) => ActivityResult.Complete(context.Get(Branches) ?? []);
}
