using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Workflows.Designer.Services.Http;

/// <summary>A refused REST call read back as the designer's failure: the status says which kind, the problem's detail says why.</summary>
internal static class ApiProblem
{
    /// <summary>The server's title for a lost race (an If-Match that no longer holds); a 409 with a code (DefinitionExists) is a refusal instead.</summary>
    private const string ChangedBySomeoneElse = "Changed by someone else";

    public static DesignerFailure Failure(HttpResponseMessage response, JsonObject? problem)
    {
        var kind = response.StatusCode switch
        {
            HttpStatusCode.NotFound => FailureKind.NotFound,
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => FailureKind.Forbidden,
            HttpStatusCode.Conflict when problem?["title"]?.ToString() == ChangedBySomeoneElse => FailureKind.Conflict,
            _ => FailureKind.Invalid,
        };
        // A 400 with field errors names them; the designer shows them on one line.
        var message = problem?["errors"] is JsonObject { Count: > 0 } errors
            ? string.Join("; ", errors.SelectMany(e => (e.Value as JsonArray ?? []).Select(m => m?.ToString())))
            : problem?["detail"]?.ToString() ?? problem?["title"]?.ToString() ?? response.ReasonPhrase ?? response.StatusCode.ToString();
        return new DesignerFailure(kind, message);
    }

    /// <summary>The problem+json body, or null when the answer has none (a 403 from the authorization layer).</summary>
    public static async Task<JsonObject?> BodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            return string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
