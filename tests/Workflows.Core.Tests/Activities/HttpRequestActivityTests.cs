using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Workflows.Core.Elsa;
using Workflows.Core.Runtime;
using static Workflows.Core.Tests.Flow;

namespace Workflows.Core.Tests.Activities;

/// <summary>The HttpRequest activity against a real Kestrel server on loopback, standing in for another government system.</summary>
public sealed class HttpRequestActivityTests : IAsyncLifetime
{
    private WebApplication _system = null!;
    private readonly List<(string Method, string Path, string? Auth, string Body)> _received = [];

    private string Base => _system.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _system = builder.Build();
        _system.MapPost("/applications", async (HttpRequest request) =>
        {
            var body = await new StreamReader(request.Body).ReadToEndAsync();
            lock (_received)
            {
                _received.Add((request.Method, request.Path, request.Headers.Authorization.ToString(), body));
            }
            return Results.Json(new { number = "2026-001", accepted = true }, statusCode: 201);
        });
        _system.MapGet("/missing", () => Results.NotFound());
        _system.MapGet("/slow", async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(5));
            return Results.Ok();
        });
        await _system.StartAsync();
    }

    public async Task DisposeAsync() => await _system.DisposeAsync();

    private EngineFixture Engine(params string[] allowed) => new(engine: e => e.Http.AllowedHosts.AddRange(allowed));

    private static Flow Call(string url, string method = "GET", JsonArray? expected = null, string? timeout = null)
    {
        var inputs = new List<(string Name, Workflows.Core.Definitions.ExpressionDefinition Value)>
        {
            ("url", Lit(url)), ("method", Lit(method)), ("responseVariable", Lit("response")),
            ("headers", Lit(new JsonObject { ["Authorization"] = "Bearer portal-token" })),
            ("body", Js("({ applicant: input.name })")),
        };
        if (expected is not null)
        {
            inputs.Add(("expectedStatusCodes", Lit(expected)));
        }
        if (timeout is not null)
        {
            inputs.Add(("timeout", Lit(timeout)));
        }
        return new Flow("http").Input("name", "text").Start().Activity("call", "HttpRequest", inputs.ToArray())
            .End("created", "created").End("other", "other").End("down", "down").End("slow", "slow")
            .Connect("start", "call");
    }

    [Fact]
    public async Task Post_SendsMethodHeadersAndBody_KeepsTheResponse_AndContinuesOnTheStatusCode()
    {
        var fixture = Engine("127.0.0.1");
        fixture.Publish(Call($"{Base}/applications", "POST", [201, 400]).Connect("call", "created", "201").Connect("call", "other", "Unmatched status code").Build());

        var instance = await fixture.StartAsync("http", new JsonObject { ["name"] = "张三" });

        Assert.Equal(("created", WorkflowStatus.Completed), (instance.Result!.GetValue<string>(), instance.Status));
        var (method, path, auth, body) = Assert.Single(_received);
        Assert.Equal(("POST", "/applications", "Bearer portal-token"), (method, path, auth));
        Assert.Equal("张三", (string)JsonNode.Parse(body)!["applicant"]!);
        var response = instance.Variables["response"]!;
        Assert.Equal((201, "2026-001"), ((int)response["statusCode"]!, (string)response["body"]!["number"]!));
    }

    [Fact]
    public async Task AStatusNotExpected_ContinuesOnUnmatched()
    {
        var fixture = Engine("127.0.0.1");
        fixture.Publish(Call($"{Base}/missing", expected: [200]).Connect("call", "created", "200").Connect("call", "other", "Unmatched status code").Build());

        var instance = await fixture.StartAsync("http", new JsonObject { ["name"] = "x" });

        Assert.Equal("other", instance.Result!.GetValue<string>());
        Assert.Equal(404, (int)instance.Variables["response"]!["statusCode"]!);
    }

    [Fact]
    public async Task AHostNotAllowed_FaultsTheStep_WithoutCallingIt()
    {
        var fixture = Engine();
        fixture.Publish(Call($"{Base}/applications", "POST").Connect("call", "created").Build());

        var instance = await fixture.StartAsync("http", new JsonObject { ["name"] = "x" });

        Assert.Equal(WorkflowStatus.Faulted, instance.Status);
        Assert.Contains("is not allowed", Assert.Single(instance.Incidents).Message);
        Assert.Empty(_received);
    }

    [Fact]
    public async Task NoAnswerInTime_ContinuesOnTimeout_AndARefusedConnectionOnFailedToConnect()
    {
        var fixture = Engine("127.0.0.1");
        fixture.Publish(Call($"{Base}/slow", timeout: "PT0.3S").Connect("call", "slow", "Timeout").Build());
        var closed = new Flow("closed").Start().Activity("call", "HttpRequest", ("url", Lit("http://127.0.0.1:1/"))).End("down", "down")
            .Connect("start", "call").Connect("call", "down", "Failed to connect").Build();
        fixture.Publish(closed);

        var slow = await fixture.StartAsync("http", new JsonObject { ["name"] = "x" });
        var down = await fixture.StartAsync("closed");

        Assert.Equal("slow", slow.Result!.GetValue<string>());
        Assert.Equal("down", down.Result!.GetValue<string>());
    }

    [Fact]
    public async Task ElsaFlowSendHttpRequest_IsImportedAndCallsTheSystem()
    {
        var elsa = $$"""
            { "definitionId": "elsa-http", "name": "portal",
              "root": { "type": "Elsa.Flowchart", "activities": [
                { "id": "send", "type": "Elsa.FlowSendHttpRequest",
                  "url": { "typeName": "System.Uri, System.Private.CoreLib", "expression": { "type": "Literal", "value": "{{Base}}/applications" } },
                  "method": { "typeName": "String", "expression": { "type": "Literal", "value": "POST" } },
                  "content": { "typeName": "Object", "expression": { "type": "Object", "value": "{\"applicant\":\"李四\"}" } },
                  "requestHeaders": { "typeName": "HttpHeaders", "expression": { "type": "Object", "value": "{\"Authorization\":[\"Bearer elsa\"]}" } },
                  "expectedStatusCodes": { "typeName": "ICollection<Int32>", "expression": { "type": "Literal", "value": "[201]" } } },
                { "id": "ok", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "Literal", "value": "accepted" } } } ],
                "connections": [ { "source": { "activity": "send", "port": "201" }, "target": { "activity": "ok", "port": "In" } } ] } }
            """;
        var conversion = ElsaImporter.Convert(elsa);
        var fixture = Engine("127.0.0.1");
        fixture.Publish(conversion.Definition!);

        var instance = await fixture.StartAsync("elsa-http");

        Assert.Equal(WorkflowStatus.Completed, instance.Status);
        var (_, _, auth, body) = Assert.Single(_received);
        Assert.Equal(("Bearer elsa", "李四"), (auth, (string)JsonNode.Parse(body)!["applicant"]!));
        Assert.Contains(await fixture.JournalAsync(instance.Id), e => e.Message == "accepted");
    }
}
