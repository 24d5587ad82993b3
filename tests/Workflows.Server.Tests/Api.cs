using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Workflows.Server.Tests;

/// <summary>Requests and checks the tests share; a failed status check shows the body, so the failure explains itself.</summary>
public static class Api
{
    public const string ProblemContentType = "application/problem+json";

    /// <summary>JSON as written, so Chinese text and quotes in messages can be looked for as they are.</summary>
    public static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A fresh id with a readable prefix, so tests on a shared server never meet each other's data.</summary>
    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, string json) => client.PostAsync(url, Json(json));

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string url, string json) => client.PutAsync(url, Json(json));

    /// <summary>Asserts the status and returns the JSON body (an empty object when there is none or it is not JSON).</summary>
    public static async Task<JsonNode> ExpectAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status,
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: expected {(int)status}, got {(int)response.StatusCode} {body}");
        var isJson = response.Content.Headers.ContentType?.MediaType?.EndsWith("json", StringComparison.Ordinal) == true;
        return isJson && !string.IsNullOrWhiteSpace(body) ? JsonNode.Parse(body)! : new JsonObject();
    }

    public static async Task<JsonObject> ExpectObjectAsync(this HttpResponseMessage response, HttpStatusCode status) =>
        (await response.ExpectAsync(status)).AsObject();

    /// <summary>Asserts a Problem Details answer with <paramref name="status"/> whose text mentions every one of <paramref name="mentions"/>.</summary>
    public static async Task<JsonObject> ExpectProblemAsync(this HttpResponseMessage response, HttpStatusCode status, params string[] mentions)
    {
        var problem = await response.ExpectObjectAsync(status);
        Assert.Equal(ProblemContentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)status, (int?)problem["status"]);
        var text = problem.ToJsonString(Readable);
        foreach (var mention in mentions)
        {
            Assert.True(text.Contains(mention, StringComparison.Ordinal), $"the problem does not mention '{mention}': {text}");
        }
        return problem;
    }

    /// <summary>The messages of a validation problem's <c>errors</c> for <paramref name="field"/>; fails when there are none.</summary>
    public static IReadOnlyList<string> ErrorsFor(this JsonObject problem, string field)
    {
        var errors = problem["errors"]?.AsObject();
        Assert.True(errors?[field] is JsonArray, $"no errors for '{field}' in {problem.ToJsonString()}");
        return [.. errors![field]!.AsArray().Select(e => e!.GetValue<string>())];
    }

    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        await response.ExpectAsync(status);
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }
}
