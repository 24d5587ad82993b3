using System.Text.Json.Nodes;
using Workflows.Core.Runtime;
using Workflows.Core.Tasks;

namespace Workflows.Core.Activities;

/// <summary>
/// Records an e-mail in the burst's outbox; the server delivers it after the commit. Who <c>starter</c> and
/// <c>supervisorOf</c> name is fixed here, when the instance knows it, so delivery only looks up addresses.
/// </summary>
[Activity("SendEmail", DisplayName = "发送邮件 Send e-mail", Category = "Messages", Description = "Sends an e-mail to users, roles or addresses.")]
public sealed class SendEmail(AssigneeResolver assignees) : Activity
{
    public static readonly ActivityInput<JsonNode> To = new("to", required: true, description: "Addresses, or { users, roles, departments, starter, supervisorOf }.");
    public static readonly ActivityInput<JsonNode> CcTo = new("cc");
    public static readonly ActivityInput<string> Subject = new("subject", required: true);
    public static readonly ActivityInput<string> Body = new("body", required: true);

    public override ActivityResult Execute(ActivityContext context)
    {
        context.RecordSideEffect(SideEffectKinds.Email, new JsonObject
        {
            [To.Name] = Recipients(context, context.Evaluate(To.Name)),
            [CcTo.Name] = Recipients(context, context.Evaluate(CcTo.Name)),
            [Subject.Name] = context.Get(Subject),
            [Body.Name] = context.Get(Body),
        });
        return ActivityResult.Done();
    }

    private JsonNode? Recipients(ActivityContext context, JsonNode? spec)
    {
        if (spec is not JsonObject && !(spec is JsonArray list && list.Any(item => item is JsonObject)))
        {
            return spec;
        }
        var named = assignees.Resolve(spec, context.Instance);
        assignees.RequireHolders(named, $"e-mail '{context.Activity.Id}'");
        // Roles within a department go out as their holders: the mail sender knows district-wide roles only.
        var scoped = assignees.People(new Assignees([], [], []) { ScopedRoles = named.ScopedRoles });
        return new JsonObject
        {
            ["users"] = new JsonArray([.. named.Users.Concat(scoped).Distinct(StringComparer.Ordinal).Select(u => (JsonNode)u)]),
            ["roles"] = new JsonArray([.. named.Roles.Select(r => (JsonNode)r)]),
            ["departments"] = new JsonArray([.. named.Departments.Select(d => (JsonNode)d)]),
        };
    }
}
