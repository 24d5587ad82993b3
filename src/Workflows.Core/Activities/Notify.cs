using System.Text.Json.Nodes;
using Workflows.Core.Runtime;
using Workflows.Core.Tasks;

namespace Workflows.Core.Activities;

/// <summary>抄送: read-only inbox items for the people the recipients name (roles expanded), delivered after the commit.</summary>
[Activity("Notify", DisplayName = "抄送 Notify", Category = "Messages", Description = "Copies the matter to users or roles as read-only inbox items.")]
public sealed class Notify(AssigneeResolver assignees) : Activity
{
    public static readonly ActivityInput<JsonNode> Recipients = new("to", required: true, description: "{ users, roles }.");
    public static readonly ActivityInput<string> Title = new("title", required: true);
    public static readonly ActivityInput<string> Message = new("message");

    public override ActivityResult Execute(ActivityContext context)
    {
        var to = context.Evaluate(Recipients.Name);
        var named = assignees.Resolve(to, context.Instance);
        assignees.RequireHolders(named, $"抄送 '{context.Activity.Id}'");
        var people = assignees.People(named);
        context.RecordSideEffect(SideEffectKinds.Notify, new JsonObject
        {
            [Recipients.Name] = to,
            ["users"] = new JsonArray([.. people.Select(p => (JsonNode)p)]),
            [Title.Name] = context.Get(Title),
            [Message.Name] = context.Get(Message),
        });
        return ActivityResult.Done();
    }
}
