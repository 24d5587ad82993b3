using System.Text.Json.Nodes;

namespace Workflows.Core.Triggers;

/// <summary>
/// The HTTP request an instance was started from, and the answer a WriteHttpResponse gave to it. It lives only
/// during the starting burst: the request is answered when that burst has committed.
/// </summary>
public sealed class HttpExchange(JsonObject request)
{
    /// <summary>{ method, path, routeValues, query, body }.</summary>
    public JsonObject Request { get; } = request;

    public HttpAnswer? Response { get; set; }
}

/// <summary>What WriteHttpResponse answers: status code, content (text as is, anything else as JSON), content type and headers.</summary>
public sealed record HttpAnswer(int StatusCode, JsonNode? Content, string? ContentType, IReadOnlyDictionary<string, string> Headers);
