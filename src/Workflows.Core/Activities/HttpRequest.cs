using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workflows.Core.Calendar;
using Workflows.Core.Definitions;
using Workflows.Core.Validation;

namespace Workflows.Core.Activities;

/// <summary>
/// Calls another system over HTTP (Elsa's SendHttpRequest): method, URL, headers and body; the response's status,
/// headers and body (JSON when it is JSON) go to a variable. With expected status codes it continues on the port of
/// the code that came, or on "Unmatched status code"; always also on Done. A host not allowed by configuration
/// faults the step; a refused connection or a timeout continue on their own ports.
/// </summary>
[Activity("HttpRequest", DisplayName = "HTTP 请求 HTTP request", Category = "Integration", Description = "Calls another system over HTTP; the host must be allowed by an administrator.")]
public sealed class HttpRequest(HttpRequestSettings options) : Activity
{
    public const string Unmatched = "Unmatched status code";
    public const string FailedToConnect = "Failed to connect";
    public const string TimedOut = "Timeout";

    public static readonly ActivityInput<string> Url = new("url", required: true);
    public static readonly ActivityInput<string> Method = new("method", description: "GET (default), POST, PUT, PATCH or DELETE.");
    public static readonly ActivityInput<Dictionary<string, string>> Headers = new("headers", description: "{ name: value }.");
    public static readonly ActivityInput<JsonNode> Body = new("body", description: "Text as it is; anything else is sent as JSON.");
    public static readonly ActivityInput<string> ContentType = new("contentType");
    public static readonly ActivityInput<List<int>> ExpectedStatusCodes = new("expectedStatusCodes", description: "Each code is a port.");
    public static readonly ActivityInput<string> Timeout = new("timeout", description: "ISO-8601, e.g. PT10S.");
    public static readonly ActivityInput<string> ResponseVariable = new("responseVariable", description: "Receives { statusCode, headers, body }.");

    private static readonly HttpClient Client = new(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };

    public override IEnumerable<string> GetPorts(ActivityDefinition activity) =>
        [.. LiteralCodes(activity).Select(c => c.ToString(CultureInfo.InvariantCulture)), Unmatched, Ports.Done, FailedToConnect, TimedOut];

    public override ActivityResult Execute(ActivityContext context)
    {
        if (!Uri.TryCreate(context.Get(Url), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            throw new InvalidOperationException($"'{context.Get(Url)}' is not an http or https address");
        }
        if (!options.Allows(url))
        {
            throw new InvalidOperationException(
                $"host '{url.Authority}' is not allowed; an administrator adds it to {HttpRequestSettings.SectionName}:AllowedHosts");
        }
        var timeout = context.Get(Timeout) is { Length: > 0 } iso ? DeadlineCalculator.ParseDuration(iso) : options.DefaultTimeout;
        using var request = new HttpRequestMessage(new HttpMethod((context.Get(Method) ?? "GET").ToUpperInvariant()), url);
        if (context.Evaluate(Body.Name) is { } body)
        {
            var text = body is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : body.ToJsonString();
            var mediaType = context.Get(ContentType) ?? (body is JsonValue { } s && s.GetValueKind() == JsonValueKind.String ? "text/plain" : "application/json");
            request.Content = new StringContent(text, Encoding.UTF8, mediaType);
        }
        foreach (var (name, value) in context.Get(Headers) ?? [])
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, value);
            }
        }
        using var cancel = new CancellationTokenSource(timeout);
        HttpResponseMessage response;
        try
        {
            // The engine runs a burst synchronously; the timeout bounds how long this step can hold it.
            response = Client.Send(request, HttpCompletionOption.ResponseContentRead, cancel.Token);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            context.Journal(JournalEvent, $"{request.Method} {url}: no answer within {timeout}");
            return ActivityResult.Complete(TimedOut);
        }
        catch (HttpRequestException ex)
        {
            context.Journal(JournalEvent, $"{request.Method} {url}: {ex.Message}");
            return ActivityResult.Complete(FailedToConnect);
        }
        using (response)
        {
            var status = (int)response.StatusCode;
            context.Journal(JournalEvent, $"{request.Method} {url}: {status}");
            if (context.Get(ResponseVariable) is { Length: > 0 } variable)
            {
                context.SetVariable(variable, Describe(response));
            }
            var expected = context.Get(ExpectedStatusCodes) ?? [];
            return expected.Count == 0 ? ActivityResult.Done()
                : ActivityResult.Complete(expected.Contains(status) ? status.ToString(CultureInfo.InvariantCulture) : Unmatched, Ports.Done);
        }
    }

    public const string JournalEvent = "HttpRequestSent";

    public override IEnumerable<ValidationProblem> Validate(ActivityDefinition activity)
    {
        if (activity.Inputs.TryGetValue(Url.Name, out var url) && url.Type == ExpressionTypes.Literal && url.Value?.ToString() is { } text
            && !(Uri.TryCreate(text, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https"))
        {
            yield return ValidationProblem.Error(ValidationCodes.InvalidInput, activity.Id, $"'{text}' is not an http or https address");
        }
    }

    private static JsonObject Describe(HttpResponseMessage response)
    {
        var text = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        JsonNode? body = text;
        if (response.Content.Headers.ContentType?.MediaType is { } media && media.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                body = JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                body = text;
            }
        }
        var headers = new JsonObject();
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            headers[name] = string.Join(", ", values);
        }
        return new JsonObject { ["statusCode"] = (int)response.StatusCode, ["headers"] = headers, ["body"] = body };
    }

    private static IEnumerable<int> LiteralCodes(ActivityDefinition activity) =>
        activity.Inputs.TryGetValue(ExpectedStatusCodes.Name, out var codes) && codes.Value is JsonArray list
            ? list.OfType<JsonValue>().Select(v => v.TryGetValue<int>(out var n) ? n : int.TryParse(v.ToString(), out n) ? n : 0).Where(n => n > 0)
            : [];
}
