using System.Text.Json.Nodes;
using Workflows.Core.Runtime;

namespace Workflows.Core.Activities;

/// <summary>Records an e-mail in the burst's outbox; the server delivers it after the commit.</summary>
[Activity("SendEmail", DisplayName = "发送邮件 Send e-mail", Category = "Messages", Description = "Sends an e-mail to users, roles or addresses.")]
public sealed class SendEmail : Activity
{
    public static readonly ActivityInput<JsonNode> To = new("to", required: true, description: "Addresses, or { users, roles }.");
    public static readonly ActivityInput<JsonNode> CcTo = new("cc");
    public static readonly ActivityInput<string> Subject = new("subject", required: true);
    public static readonly ActivityInput<string> Body = new("body", required: true);

    public override ActivityResult Execute(ActivityContext context)
    {
        context.RecordSideEffect(SideEffectKinds.Email, new JsonObject
        {
            [To.Name] = context.Evaluate(To.Name),
            [CcTo.Name] = context.Evaluate(CcTo.Name),
            [Subject.Name] = context.Get(Subject),
            [Body.Name] = context.Get(Body),
        });
        return ActivityResult.Done();
    }
}
