using System.Net;
using System.Text.Json.Nodes;
using Workflows.Server.Tests.Tasks;

namespace Workflows.Server.Tests.Security;

/// <summary>Issue 14, defects 5–7: claim races, headers and downloads, input hygiene.</summary>
public sealed class HardeningTests(SharedServer shared) : IClassFixture<SharedServer>
{
    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task ACandidateWhoLostTheClaim_Gets409NamingTheWinner_NotNotFound(Provider provider)
    {
        var server = shared.For(provider);
        var definitionId = Api.NewId("claim");
        await server.PublishAsync(TaskFlows.OneTask(definitionId, """{ "roles": ["health-expert"] }"""));
        var instanceId = await (await server.ClientForAsync("drafter")).StartAsync(definitionId);
        var admin = await server.ClientForAsync("admin");
        var taskId = (string)(await (await admin.GetAsync($"/api/tasks?scope=all&instanceId={instanceId}")).ExpectObjectAsync(HttpStatusCode.OK))["items"]![0]!["id"]!;
        var expert1 = await server.ClientForAsync("expert1");
        var expert2 = await server.ClientForAsync("expert2");

        await (await expert1.PostAsync($"/api/tasks/{taskId}/claim", null)).ExpectAsync(HttpStatusCode.OK);
        var lostClaim = await expert2.PostAsync($"/api/tasks/{taskId}/claim", null);
        var outsider = await (await server.ClientForAsync("drafter")).PostAsync($"/api/tasks/{taskId}/claim", null);

        await lostClaim.ExpectProblemAsync(HttpStatusCode.Conflict, "already claimed by expert1");
        await outsider.ExpectProblemAsync(HttpStatusCode.NotFound, "no task");
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Pages_CarryAScriptPolicy_NoSniffAndAReferrerPolicy(Provider provider)
    {
        var response = await shared.For(provider).CreateClient().GetAsync("/login");

        Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Cookies_AreSecure_BehindAnHttpsProxy(Provider provider)
    {
        var server = shared.For(provider);

        var context = await server.Server.SendAsync(c =>
        {
            c.Request.Method = "GET";
            c.Request.Path = "/login";
            c.Request.Headers["X-Forwarded-Proto"] = "https";
            c.Request.Headers["X-Forwarded-For"] = "198.51.100.20";
            c.Connection.RemoteIpAddress = IPAddress.Loopback;
        });

        var cookies = context.Response.Headers.SetCookie.ToList();
        Assert.NotEmpty(cookies);
        Assert.All(cookies, cookie => Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase));
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task AnUploadedHtmlFile_IsServedAsAnInertDownload_UnderACleanName(Provider provider)
    {
        var server = shared.For(provider);
        var (_, client) = await server.NewUserAsync();
        var uploaded = await (await client.UploadAsync("<script>alert(1)</script>"u8.ToArray(), "..\\..\\x\u0001evil.html", "text/html"))
            .ExpectObjectAsync(HttpStatusCode.Created);

        var download = await client.GetAsync($"/api/attachments/{uploaded["id"]}");

        Assert.Equal("xevil.html", (string)uploaded["fileName"]!);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/octet-stream", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("sandbox", download.Headers.GetValues("Content-Security-Policy").Single());
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task StartInputsTheDefinitionDoesNotDeclare_AreRefusedWith400(Provider provider)
    {
        var server = shared.For(provider);
        var definitionId = Api.NewId("inputs");
        await server.PublishAsync(Flows.Signal(definitionId, """[ { "name": "title", "type": "text" } ]"""));
        var client = await server.ClientForAsync("drafter");

        var problem = await (await client.PostJsonAsync("/api/workflow-instances",
            $$"""{ "definitionId": "{{definitionId}}", "input": { "title": "申请", "subject": "伪造的主题" } }""")).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("'subject' is not an input of this workflow", problem.ErrorsFor("subject").Single());
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task ControlCharactersInText_AreRefusedWith400_AndNothingIsStored(Provider provider)
    {
        var server = shared.For(provider);
        var definitionId = Api.NewId("nul");
        await server.PublishAsync(Flows.Signal(definitionId, """[ { "name": "title", "type": "text" } ]"""));
        var client = await server.ClientForAsync("drafter");

        var problem = await (await client.PostJsonAsync("/api/workflow-instances",
            $$"""{ "definitionId": "{{definitionId}}", "input": { "title": "申请\u0000书" } }""")).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var listed = await (await client.GetAsync($"/api/workflow-instances?definitionId={definitionId}")).ExpectObjectAsync(HttpStatusCode.OK);

        Assert.Contains("control character", problem.ErrorsFor("title").Single());
        Assert.Equal(0, (int)listed["total"]!);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task AControlCharacterInATaskComment_IsRefusedWith400(Provider provider)
    {
        var server = shared.For(provider);
        var definitionId = Api.NewId("comment");
        await server.PublishAsync(TaskFlows.OneTask(definitionId, """{ "users": ["expert1"] }"""));
        var instanceId = await (await server.ClientForAsync("drafter")).StartAsync(definitionId);
        var expert = await server.ClientForAsync("expert1");
        var taskId = (string)(await (await expert.GetAsync($"/api/tasks?scope=mine&instanceId={instanceId}")).ExpectObjectAsync(HttpStatusCode.OK))["items"]![0]!["id"]!;

        var body = new JsonObject { ["outcome"] = "return", ["comment"] = "退回\u0007", ["data"] = new JsonObject { ["opinion"] = "x" } };
        var problem = await (await expert.PostJsonAsync($"/api/tasks/{taskId}/complete", body.ToJsonString())).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("control character", problem.ErrorsFor("comment").Single());
    }
}
