using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Workflows.Server.Tests.Hosting;

/// <summary>
/// Every endpoint that takes a JSON body, read from the server's own OpenAPI document: a body made from its schema is
/// sent with one member at a time set to null, to a list holding null, to an empty object or list, or to a value of
/// another type, against a real matter, task and draft document. Each answer is a 4xx or a success — never a 500. JSON
/// allows a null where the C# types do not, and two such bodies (a calendar year, a draft's annex) once failed deep
/// in the endpoint instead of being refused.
/// </summary>
public sealed class ApiSchemaFuzzTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private static readonly Func<JsonNode?>[] Mutations =
    [
        () => null,
        () => new JsonArray((JsonNode?)null),
        () => new JsonObject(),
        () => new JsonArray(),
        () => JsonValue.Create("x"),
        () => JsonValue.Create(12345),
        () => new JsonObject { ["x"] = null },
    ];

    /// <summary>Endpoints that end or move the matter go last, so the others meet it open, its task open and its draft editable.</summary>
    private static readonly string[] EndsTheMatter = ["/complete", "/cancel", "/withdraw", "/jump", "/migrate", "/archive", "/retry", "/delegate", "/reassign"];

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task EveryBody_WithAnyMemberNullOrOfAnotherType_IsAnsweredWithoutA500(Provider provider)
    {
        var server = shared.For(provider);
        var admin = await server.ClientForAsync("admin");
        var definitionId = Api.NewId("fuzz");
        await server.PublishAsync(Flows.DraftThenReview(definitionId));
        var instanceId = await admin.StartAsync(definitionId);
        var expert1 = await server.ClientForAsync("expert1");
        var taskId = (string)(await (await expert1.GetAsync($"/api/tasks?scope=mine&instanceId={instanceId}")).ExpectObjectAsync(HttpStatusCode.OK))["items"]![0]!["id"]!;
        var documentId = await DraftOfAsync(admin, instanceId);
        var department = (string)(await (await admin.GetAsync("/api/org/departments")).ExpectAsync(HttpStatusCode.OK)).AsArray()[0]!["code"]!;
        var userName = Api.NewId("user");
        await server.CreateUserAsync(userName);
        var document = await (await admin.GetAsync("/openapi/v1.json")).ExpectObjectAsync(HttpStatusCode.OK);
        var schemas = document["components"]!["schemas"]!.AsObject();

        string Fill(string path) => path
            .Replace("/api/workflow-definitions/{id}", $"/api/workflow-definitions/{definitionId}", StringComparison.Ordinal)
            .Replace("/api/tasks/{id}", $"/api/tasks/{taskId}", StringComparison.Ordinal)
            .Replace("/api/document-templates/{key}", "/api/document-templates/fire-hazard-closure", StringComparison.Ordinal)
            .Replace("/api/email/templates/{key}", "/api/email/templates/task-assigned", StringComparison.Ordinal)
            .Replace("{id}", instanceId, StringComparison.Ordinal).Replace("{instanceId}", instanceId, StringComparison.Ordinal)
            .Replace("{taskId}", taskId, StringComparison.Ordinal).Replace("{documentId}", documentId, StringComparison.Ordinal)
            .Replace("{definitionId}", definitionId, StringComparison.Ordinal).Replace("{code}", department, StringComparison.Ordinal)
            .Replace("{userName}", userName, StringComparison.Ordinal).Replace("{year}", "2038", StringComparison.Ordinal)
            .Replace("{prefix}", "测试字", StringComparison.Ordinal).Replace("{name}", "x", StringComparison.Ordinal)
            .Replace("{version}", "1", StringComparison.Ordinal).Replace("{format}", "html", StringComparison.Ordinal)
            .Replace("{keyId}", "none", StringComparison.Ordinal);

        var endpoints = (from path in document["paths"]!.AsObject()
                         where !path.Key.StartsWith("/api/auth/", StringComparison.Ordinal)
                         from operation in path.Value!.AsObject()
                         let schema = operation.Value!["requestBody"]?["content"]?["application/json"]?["schema"]
                         where schema is not null
                         orderby EndsTheMatter.Any(e => path.Key.EndsWith(e, StringComparison.Ordinal))
                         select (Method: new HttpMethod(operation.Key.ToUpperInvariant()), Url: Fill(path.Key), Body: Example(schema, schemas, 0))).ToList();
        Assert.True(endpoints.Count >= 30, $"the OpenAPI document lists only {endpoints.Count} endpoints with a JSON body");

        var sent = 0;
        foreach (var (method, url, body) in endpoints)
        {
            foreach (var member in Members(body, []))
            {
                foreach (var mutation in Mutations)
                {
                    var mutated = With(body, member, mutation());
                    var text = mutated?.ToJsonString() ?? "null";
                    using var request = new HttpRequestMessage(method, url) { Content = new StringContent(text, Encoding.UTF8, "application/json") };
                    using var response = await admin.SendAsync(request);
                    sent++;
                    Assert.True((int)response.StatusCode < 500,
                        $"{method} {url} answered {(int)response.StatusCode} to {text}: {await response.Content.ReadAsStringAsync()}");
                }
            }
        }
        Assert.True(sent > 1000, $"only {sent} bodies were sent");
    }

    /// <summary>A body as the schema describes it: every member present, lists of one, strings "x", numbers 1.</summary>
    private static JsonNode? Example(JsonNode schema, JsonObject schemas, int depth)
    {
        if (schema["$ref"] is { } reference)
        {
            return Example(schemas[((string)reference!).Split('/')[^1]]!, schemas, depth);
        }
        foreach (var choice in new[] { "oneOf", "anyOf", "allOf" })
        {
            if (schema[choice] is JsonArray { Count: > 0 } options)
            {
                return Example(options.First(o => (string?)o?["type"] != "null")!, schemas, depth);
            }
        }
        var type = schema["type"] switch
        {
            JsonArray types => types.Select(t => (string?)t).FirstOrDefault(t => t != "null") ?? "null",
            JsonValue value => (string?)value,
            _ => schema["properties"] is null ? null : "object",
        };
        return type switch
        {
            "object" => depth > 4 ? new JsonObject() : new JsonObject(
                (schema["properties"]?.AsObject() ?? []).Select(p => KeyValuePair.Create(p.Key, Example(p.Value!, schemas, depth + 1)))),
            "array" => depth > 4 || schema["items"] is null ? new JsonArray() : new JsonArray(Example(schema["items"]!, schemas, depth + 1)),
            "integer" or "number" => JsonValue.Create(1),
            "boolean" => JsonValue.Create(true),
            "string" when schema["enum"] is JsonArray { Count: > 0 } values => values[0]!.DeepClone(),
            "string" => JsonValue.Create((string?)schema["format"] switch
            {
                "date-time" => "2026-12-07T08:00:00+08:00",
                "date" => "2026-12-07",
                _ => "x",
            }),
            _ => JsonValue.Create("x"),
        };
    }

    /// <summary>The paths to every member of <paramref name="node"/> and to the first item of each list, the whole body first.</summary>
    private static IEnumerable<object[]> Members(JsonNode? node, object[] path)
    {
        yield return path;
        switch (node)
        {
            case JsonObject members:
                foreach (var (name, value) in members)
                {
                    foreach (var inner in Members(value, [.. path, name]))
                    {
                        yield return inner;
                    }
                }
                break;
            case JsonArray { Count: > 0 } items:
                foreach (var inner in Members(items[0], [.. path, 0]))
                {
                    yield return inner;
                }
                break;
        }
    }

    private static JsonNode? With(JsonNode? body, object[] path, JsonNode? value)
    {
        if (path.Length == 0)
        {
            return value;
        }
        var copy = body!.DeepClone();
        var parent = path[..^1].Aggregate(copy, (node, step) => step is int index ? node[index]! : node[(string)step]!);
        if (path[^1] is int item)
        {
            parent.AsArray()[item] = value;
        }
        else
        {
            parent.AsObject()[(string)path[^1]] = value;
        }
        return copy;
    }

    private static async Task<string> DraftOfAsync(HttpClient admin, string instanceId)
    {
        for (var waited = 0; waited < 200; waited++)
        {
            var list = (await (await admin.GetAsync($"/api/workflow-instances/{instanceId}/documents")).ExpectAsync(HttpStatusCode.OK)).AsArray();
            if (list.FirstOrDefault(d => (string?)d!["state"] == "Draft") is { } draft)
            {
                return (string)draft["id"]!;
            }
            await Task.Delay(50);
        }
        throw new Xunit.Sdk.XunitException($"matter {instanceId} made no draft within 10 s");
    }
}
