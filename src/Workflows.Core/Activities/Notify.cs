using System.Text.Json.Nodes;
using Workflows.Core.Runtime;

namespace Workflows.Core.Activities;

/// <summary>抄送: read-only inbox items for users and roles, delivered after the commit.</summary>
[Activity("Notify", DisplayName = "抄送 Notify", Category = "Messages", Description = "Copies the matter to users or roles as read-only inbox items.")]
public sealed class Notify : Activity
{
    public static readonly ActivityInput<JsonNode> Recipients = new("to", required: true, description: "{ users, roles }.");
    public static readonly ActivityInput<string> Title = new("title", required: true);
    public static readonly ActivityInput<string> Message = new("message");

    public override ActivityResult Execute(ActivityContext context)
    {
        context.RecordSideEffect(SideEffectKinds.Notify, new JsonObject
        {
            [Recipients.Name] = context.Evaluate(Recipients.Name),
            [Title.Name] = context.Get(Title),
            [Message.Name] = context.Get(Message),
        });
        return ActivityResult.Done();
    }
}
