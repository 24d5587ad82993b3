using System.Text.Json.Nodes;

namespace Workflows.Core.Activities;

[Activity("SetVariable", DisplayName = "设置变量 Set variable", Category = "Data", Description = "Sets an instance variable to a value.")]
public sealed class SetVariable : Activity
{
    public static readonly ActivityInput<string> Variable = new("variable", required: true);
    public static readonly ActivityInput<JsonNode> Value = new("value");

    public override ActivityResult Execute(ActivityContext context)
    {
        var name = context.Get(Variable);
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new InvalidOperationException("SetVariable needs a variable name");
        }
        context.SetVariable(name, context.Evaluate(Value.Name));
        return ActivityResult.Done();
    }
}
