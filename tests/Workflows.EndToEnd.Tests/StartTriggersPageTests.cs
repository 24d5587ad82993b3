using System.Net;
using System.Text;
using Microsoft.Playwright;

namespace Workflows.EndToEnd.Tests;

/// <summary>The start triggers page in a real browser: scheduled starts with their next start, and an HTTP endpoint's API key issued and revoked.</summary>
public sealed class StartTriggersPageTests(BrowserServer server) : IClassFixture<BrowserServer>
{
    private const string AdminPassword = "Admin@12345";

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task PublishAsync(HttpClient api, string id, string start)
    {
        var json = $$"""
            { "definitionId": "{{id}}", "name": "{{id}}",
              "root": { "type": "Flowchart",
                "activities": [ {{start}}, { "id": "done", "type": "End" } ],
                "connections": [ { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "done", "port": "In" } } ] } }
            """;
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsync("/api/workflow-definitions", Json(json))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/workflow-definitions/{id}/publish", null)).StatusCode);
    }

    [SkippableFact]
    public async Task TheAdministrator_SeesScheduledStarts_AndIssuesAndRevokesAnEndpointsKey()
    {
        BrowserServer.SkipUnlessBrowser();
        var api = await server.ApiAsync("admin", AdminPassword);
        var cron = "cron-" + Guid.NewGuid().ToString("N")[..8];
        var portal = "portal-" + Guid.NewGuid().ToString("N")[..8];
        await PublishAsync(api, cron, """{ "id": "start", "type": "Cron", "inputs": { "cronExpression": { "type": "Literal", "value": "0 9 * * 1-5" } } }""");
        await PublishAsync(api, portal, $$"""{ "id": "start", "type": "HttpEndpoint", "inputs": { "path": { "type": "Literal", "value": "{{portal}}" } } }""");
        var admin = await server.SignInAsync("admin", AdminPassword);

        await admin.GotoAsync("/admin/triggers");
        var cronRow = admin.Locator($"[data-testid=trigger-row][data-definition={cron}]");
        await Assertions.Expect(cronRow.Locator("[data-testid=trigger-schedule]")).ToContainTextAsync("0 9 * * 1-5");
        await Assertions.Expect(cronRow.Locator("[data-testid=trigger-schedule]")).ToContainTextAsync("Asia/Shanghai");
        await Assertions.Expect(cronRow.Locator("[data-testid=trigger-next]")).ToContainTextAsync("09:00");
        var portalRow = admin.Locator($"[data-testid=trigger-row][data-definition={portal}]");
        await Assertions.Expect(portalRow.Locator("[data-testid=trigger-schedule]")).ToContainTextAsync($"/workflows/{portal}");
        await portalRow.Locator("[data-testid=trigger-key-name]").FillAsync("一网通办门户");
        await portalRow.Locator("[data-testid=trigger-key-issue]").ClickAsync();
        var key = await admin.Locator("[data-testid=triggers-issued-key]").InnerTextAsync();
        await BrowserServer.ScreenshotAsync(admin, "admin-03-start-triggers");

        using var caller = new HttpClient { BaseAddress = server.BaseAddress };
        using var accepted = new HttpRequestMessage(HttpMethod.Post, $"/workflows/{portal}") { Content = Json("{}") };
        accepted.Headers.Add("X-Api-Key", key);
        Assert.Equal(HttpStatusCode.Accepted, (await caller.SendAsync(accepted)).StatusCode);

        await portalRow.Locator("[data-testid=trigger-key-revoke]").ClickAsync();
        await Assertions.Expect(portalRow.Locator("[data-testid=trigger-key]")).ToHaveAttributeAsync("data-revoked", "true");
        using var refused = new HttpRequestMessage(HttpMethod.Post, $"/workflows/{portal}") { Content = Json("{}") };
        refused.Headers.Add("X-Api-Key", key);
        Assert.Equal(HttpStatusCode.Unauthorized, (await caller.SendAsync(refused)).StatusCode);
    }
}
