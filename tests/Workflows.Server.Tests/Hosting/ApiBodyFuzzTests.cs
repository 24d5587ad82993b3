using System.Net;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;

namespace Workflows.Server.Tests.Hosting;

/// <summary>
/// A fuzz pass over API bodies (FsCheck): random JSON, well-formed or not, sent to the endpoints that take a
/// definition, a start or a completion, is answered with a 4xx Problem Details or a success — never a 500.
/// </summary>
public sealed class ApiBodyFuzzTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private static readonly Gen<JsonNode?> Leaf = Gen.Elements<JsonNode?>(
        null, JsonValue.Create(0), JsonValue.Create(-1), JsonValue.Create(1e300), JsonValue.Create(true), JsonValue.Create(""),
        JsonValue.Create("a\u0000b"), JsonValue.Create("审查"), JsonValue.Create(new string('x', 300)), new JsonArray(), new JsonObject());

    private static readonly string[] Keys = ["definitionId", "name", "root", "type", "activities", "connections", "input", "inputs", "outcome", "data", "comment", "id", "value", "source", "target", "activity", "port"];

    private static Gen<JsonNode?> Node(int depth) => depth == 0 ? Leaf : Gen.OneOf(
        Leaf,
        from count in Gen.Choose(0, 4)
        from items in Gen.ListOf(Node(depth - 1), count)
        select (JsonNode?)new JsonArray([.. items.Select(i => i?.DeepClone())]),
        from count in Gen.Choose(0, 5)
        from pairs in Gen.ListOf(Gen.Zip(Gen.Elements(Keys), Node(depth - 1)), count)
        select (JsonNode?)new JsonObject(pairs.DistinctBy(p => p.Item1).Select(p => KeyValuePair.Create(p.Item1, p.Item2?.DeepClone()))));

    private static readonly Gen<string> Body = Gen.OneOf(
        Node(3).Select(n => n?.ToJsonString() ?? "null"),
        Node(3).Select(n => (n?.ToJsonString() ?? "null") is { Length: > 1 } text ? text[..(text.Length / 2)] : "{"));

    [Fact]
    public async Task RandomBodies_AreAnswered_WithoutA500()
    {
        var server = shared.For(Provider.Sqlite);
        var designer = await server.ClientForAsync("designer");
        var expert1 = await server.ClientForAsync("expert1");
        var targets = new (HttpClient Client, HttpMethod Method, string Url)[]
        {
            (designer, HttpMethod.Post, "/api/workflow-definitions"),
            (designer, HttpMethod.Post, "/api/workflow-definitions/import"),
            (designer, HttpMethod.Post, "/api/workflow-instances"),
            (expert1, HttpMethod.Post, "/api/tasks/no-such-task/complete"),
        };
        var bodies = Gen.Sample(Body, 60);
        foreach (var body in bodies)
        {
            foreach (var (client, method, url) in targets)
            {
                using var request = new HttpRequestMessage(method, url) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
                using var response = await client.SendAsync(request);
                Assert.True((int)response.StatusCode < 500, $"{method} {url} answered {(int)response.StatusCode} to {body}: {await response.Content.ReadAsStringAsync()}");
                if (!response.IsSuccessStatusCode)
                {
                    Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                }
            }
        }
    }
}
