using System.Text.Json.Nodes;
using Workflows.Core.Triggers;

namespace Workflows.Core.Activities;

/// <summary>
/// Answers the request an HttpEndpoint started the instance from (Elsa's WriteHttpResponse). The answer is sent when
/// the starting burst has committed; reached later (after a user task, a timer), no request is waiting any more,
/// which the journal says.
/// </summary>
[Activity("WriteHttpResponse", DisplayName = "HTTP 应答 Write HTTP response", Category = "Integration", Description = "Answers the request that started the instance.")]
public sealed class WriteHttpResponse : Activity
{
    public const string JournalEvent = "HttpResponseWritten";

    public static readonly ActivityInput<int?> StatusCode = new("statusCode", description: "Default 200.");
    public static readonly ActivityInput<JsonNode> Content = new("content", description: "Text as it is; anything else as JSON.");
    public static readonly ActivityInput<string> ContentType = new("contentType");
    public static readonly ActivityInput<Dictionary<string, string>> Headers = new("headers", description: "{ name: value }.");

    public override ActivityResult Execute(ActivityContext context)
    {
        if (context.Instance.Http is not { Response: null } http)
        {
            context.Journal(JournalEvent, "no request is waiting for an answer");
            return ActivityResult.Done();
        }
        var status = context.Get(StatusCode) ?? 200;
        if (status is < 100 or > 599)
        {
            throw new InvalidOperationException($"{status} is not an HTTP status code");
        }
        http.Response = new HttpAnswer(status, context.Evaluate(Content.Name), context.Get(ContentType), context.Get(Headers) ?? []);
        context.Journal(JournalEvent, status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return ActivityResult.Done();
    }
}
