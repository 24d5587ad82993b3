using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Persistence;

namespace Workflows.Server.Tests.Triggers;

/// <summary>HttpEndpoint starts at /workflows/{path}: bearer token or an administrator's API key, the body as start input, WriteHttpResponse as the answer.</summary>
public sealed class HttpTriggerTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private const string Reply = """
        { "id": "reply", "type": "WriteHttpResponse", "inputs": {
            "statusCode": { "type": "Literal", "value": 201 },
            "content": { "type": "JavaScript", "value": "({ received: input.applicant, copies: input.copies, kind: variables.request.routeValues.kind })" } } },
        """;

    private static string Portal(string definitionId, string path, bool answer = true, string starterRoles = "") => $$"""
        {
          "definitionId": "{{definitionId}}", "name": "网上申请",
          "options": { "starterRoles": [{{starterRoles}}] },
          "inputs": [ { "name": "applicant", "label": "申请人", "type": "text", "required": true },
                      { "name": "copies", "label": "份数", "type": "number" } ],
          "root": {
            "type": "Flowchart",
            "activities": [
              { "id": "portal", "type": "HttpEndpoint", "inputs": {
                  "path": { "type": "Literal", "value": "{{path}}" },
                  "methods": { "type": "Literal", "value": ["POST"] },
                  "requestVariable": { "type": "Literal", "value": "request" } } },
              {{(answer ? Reply : "")}}
              { "id": "review", "type": "UserTask", "inputs": {
                  "title": { "type": "Literal", "value": "受理网上申请" },
                  "assignTo": { "type": "Literal", "value": { "roles": ["health-office"] } },
                  "outcomes": { "type": "Literal", "value": [ { "name": "accept" } ] } } },
              { "id": "done", "type": "End" }
            ],
            "connections": [
              { "source": { "activity": "portal", "port": "Done" }, "target": { "activity": "{{(answer ? "reply" : "review")}}", "port": "In" } },
              {{(answer ? """{ "source": { "activity": "reply", "port": "Done" }, "target": { "activity": "review", "port": "In" } },""" : "")}}
              { "source": { "activity": "review", "port": "accept" }, "target": { "activity": "done", "port": "In" } }
            ]
          }
        }
        """;

    private static async Task<string> IssueKeyAsync(HttpClient admin, string definitionId) =>
        (string)(await (await admin.PostJsonAsync($"/api/start-triggers/{definitionId}/api-keys", """{ "name": "一网通办门户" }"""))
            .ExpectObjectAsync(HttpStatusCode.Created))["key"]!;

    private static HttpRequestMessage Post(string path, string json, string? apiKey = null, string? bearer = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Api.Json(json) };
        if (apiKey is not null)
        {
            request.Headers.Add("X-Api-Key", apiKey);
        }
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        return request;
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task ApiKeyCaller_StartsAMatter_WithTheBodyAsInput_AndGetsTheWorkflowsAnswer(Provider provider)
    {
        var server = shared.For(provider);
        var admin = await server.ClientForAsync("admin");
        var anonymous = server.CreateClient();
        var id = Api.NewId("portal");
        var path = Api.NewId("apply");
        await server.PublishAsync(Portal(id, path + "/{kind}"));
        var key = await IssueKeyAsync(admin, id);

        var noCredentials = await anonymous.SendAsync(Post($"/workflows/{path}/fire", """{ "applicant": "张三" }"""));
        var wrongKey = await anonymous.SendAsync(Post($"/workflows/{path}/fire", """{ "applicant": "张三" }""", apiKey: key + "x"));
        var missingField = await anonymous.SendAsync(Post($"/workflows/{path}/fire", """{ "copies": 2 }""", apiKey: key));
        var answered = await anonymous.SendAsync(Post($"/workflows/{path}/fire", """{ "applicant": "张三", "copies": 2, "extra": "ignored" }""", apiKey: key));
        var otherPath = await anonymous.SendAsync(Post($"/workflows/{path}-nothing/fire", "{}", apiKey: key));
        var otherMethod = await anonymous.GetAsync($"/workflows/{path}/fire");

        await noCredentials.ExpectProblemAsync(HttpStatusCode.Unauthorized, "X-Api-Key");
        Assert.Equal("Bearer", noCredentials.Headers.WwwAuthenticate.Single().Scheme);
        await wrongKey.ExpectProblemAsync(HttpStatusCode.Unauthorized, "revoked");
        await missingField.ExpectProblemAsync(HttpStatusCode.BadRequest, "applicant");
        var body = await answered.ExpectObjectAsync(HttpStatusCode.Created);
        Assert.Equal("""{"received":"张三","copies":2,"kind":"fire"}""", body.ToJsonString(Api.Readable));
        await otherPath.ExpectProblemAsync(HttpStatusCode.NotFound, "no published workflow");
        await otherMethod.ExpectProblemAsync(HttpStatusCode.MethodNotAllowed, "POST");
        var instances = (await (await admin.GetAsync($"/api/workflow-instances?definitionId={id}")).ExpectObjectAsync(HttpStatusCode.OK))["items"]!.AsArray();
        var instance = await (await admin.GetAsync($"/api/workflow-instances/{(string)Assert.Single(instances)!["id"]!}")).ExpectObjectAsync(HttpStatusCode.OK);
        Assert.Equal("Running", (string)instance["status"]!);
        Assert.Equal("张三", (string)instance["input"]!["applicant"]!);
        Assert.Equal("POST", (string)instance["variables"]!["request"]!["method"]!);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task RevokedKey_IsRefused_KeysAreStoredHashed_AndIssueAndRevokeAreAudited(Provider provider)
    {
        var server = shared.For(provider);
        var admin = await server.ClientForAsync("admin");
        var designer = await server.ClientForAsync("designer");
        var id = Api.NewId("portal-revoke");
        var path = Api.NewId("revoke");
        await server.PublishAsync(Portal(id, path, answer: false));
        var issued = await (await admin.PostJsonAsync($"/api/start-triggers/{id}/api-keys", """{ "name": "窗口系统" }""")).ExpectObjectAsync(HttpStatusCode.Created);
        var key = (string)issued["key"]!;
        var keyId = (string)issued["info"]!["id"]!;

        var accepted = await server.CreateClient().SendAsync(Post($"/workflows/{path}", """{ "applicant": "李四" }""", apiKey: key));
        var byDesigner = await designer.PostJsonAsync($"/api/start-triggers/{id}/api-keys", """{ "name": "x" }""");
        var unnamed = await admin.PostJsonAsync($"/api/start-triggers/{id}/api-keys", """{ "name": " " }""");
        var listed = (await (await admin.GetAsync($"/api/start-triggers/{id}/api-keys")).ExpectAsync(HttpStatusCode.OK)).AsArray();
        await (await admin.DeleteAsync($"/api/start-triggers/{id}/api-keys/{keyId}")).ExpectAsync(HttpStatusCode.NoContent);
        var afterRevoke = await server.CreateClient().SendAsync(Post($"/workflows/{path}", """{ "applicant": "李四" }""", apiKey: key));
        var unknownKey = await admin.DeleteAsync($"/api/start-triggers/{id}/api-keys/nope");

        var started = await accepted.ExpectObjectAsync(HttpStatusCode.Accepted);
        Assert.Equal($"/api/workflow-instances/{started["id"]}", accepted.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.Forbidden, byDesigner.StatusCode);
        Assert.NotEmpty((await unnamed.ExpectProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("name"));
        Assert.DoesNotContain(key, listed.ToJsonString());
        Assert.Equal(key[..12], (string)listed.Single()!["prefix"]!);
        await afterRevoke.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await unknownKey.ExpectProblemAsync(HttpStatusCode.NotFound);
        await using (var db = await server.Services.GetRequiredService<IDbContextFactory<WorkflowsDbContext>>().CreateDbContextAsync())
        {
            var stored = await db.ApiKeys.AsNoTracking().SingleAsync(k => k.Id == keyId);
            Assert.NotEqual(key, stored.Hash);
            Assert.Equal(64, stored.Hash.Length);
            Assert.NotNull(stored.RevokedAt);
        }
        var audit = (await (await admin.GetAsync("/api/audit?action=trigger.api-key")).ExpectObjectAsync(HttpStatusCode.OK))["items"]!.AsArray();
        Assert.Contains(audit, a => (string)a!["action"]! == "trigger.api-key.issue" && (string)a["target"]! == id && (string)a["actor"]! == "admin");
        Assert.Contains(audit, a => (string)a!["action"]! == "trigger.api-key.revoke" && (string)a["target"]! == id);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task BearerCaller_MayStartOnlyWhatTheirRolesAllow(Provider provider)
    {
        var server = shared.For(provider);
        var id = Api.NewId("portal-roles");
        var path = Api.NewId("roles");
        await server.PublishAsync(Portal(id, path, answer: false, starterRoles: "\"drafter\""));
        var designer = await server.ClientForAsync("designer");
        var token = designer.DefaultRequestHeaders.Authorization!.Parameter!;
        const string drafterName = "drafter";
        var drafterToken = (await server.ClientForAsync(drafterName)).DefaultRequestHeaders.Authorization!.Parameter!;

        var refused = await server.CreateClient().SendAsync(Post($"/workflows/{path}", """{ "applicant": "王五" }""", bearer: token));
        var allowed = await server.CreateClient().SendAsync(Post($"/workflows/{path}", """{ "applicant": "王五" }""", bearer: drafterToken));

        await refused.ExpectProblemAsync(HttpStatusCode.Forbidden, id);
        var started = await allowed.ExpectObjectAsync(HttpStatusCode.Accepted);
        var instance = await (await server.ClientForAsync("admin")).GetAsync($"/api/workflow-instances/{started["id"]}");
        Assert.Equal(drafterName, (string)(await instance.ExpectObjectAsync(HttpStatusCode.OK))["startedBy"]!);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task ElsaHttpHelloWorld_ImportsAndAnswersItsRequest(Provider provider)
    {
        var server = shared.For(provider);
        var designer = await server.ClientForAsync("designer");
        var admin = await server.ClientForAsync("admin");
        var id = Api.NewId("elsa-hello");
        var elsa = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "ElsaCorpus", "elsa-core--Scenarios--HttpWorkflows--http-hello-world.json"))
            .Replace("\"hello-world\"", $"\"{id}\"", StringComparison.Ordinal);
        await (await designer.PostJsonAsync($"/api/workflow-definitions/import?definitionId={id}", elsa)).ExpectAsync(HttpStatusCode.Created);
        await (await designer.PostAsync($"/api/workflow-definitions/{id}/publish", null)).ExpectAsync(HttpStatusCode.OK);
        var key = await IssueKeyAsync(admin, id);

        var request = new HttpRequestMessage(HttpMethod.Get, $"/workflows/{id}");
        request.Headers.Add("X-Api-Key", key);
        var response = await server.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Hello World!", await response.Content.ReadAsStringAsync());
    }
}
