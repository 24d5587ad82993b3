using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Workflows.EndToEnd.Tests;

/// <summary>归档 in the browser: an archived matter leaves 已办 like it leaves GET /api/workflow-instances, and the same three choices bring it back.</summary>
public sealed class ArchivedMattersUiTests(BrowserServer server) : IClassFixture<BrowserServer>
{
    [SkippableFact]
    public async Task AnArchivedMatter_LeavesTheDoneTab_UntilAskedFor()
    {
        BrowserServer.SkipUnlessBrowser();
        var title = $"归档测试 {Guid.NewGuid():N}"[..16];
        var instanceId = await FinishedMatterAsync(title);
        var admin = await server.ApiAsync("admin", "Admin@12345");
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/workflow-instances/{instanceId}/archive", null)).StatusCode);

        var page = await server.SignInAsync("office-head");
        await page.GotoAsync("/");
        await page.ClickAsync(".mud-tab:has-text('已办')");
        var row = page.Locator("[data-testid=inbox-row]", new() { HasText = title });
        await Assertions.Expect(page.Locator("[data-testid=inbox-archived-exclude]")).ToHaveAttributeAsync("data-selected", "true");
        await Assertions.Expect(row).ToHaveCountAsync(0);

        await page.ClickAsync("[data-testid=inbox-archived-include]");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await BrowserServer.ScreenshotAsync(page, "work-10-done-with-archived");
        await page.ClickAsync("[data-testid=inbox-archived-only]");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await page.ClickAsync("[data-testid=inbox-archived-exclude]");
        await Assertions.Expect(row).ToHaveCountAsync(0);
    }

    /// <summary>Start → a task for office-head → End, deployed, started and completed through the API.</summary>
    private async Task<string> FinishedMatterAsync(string title)
    {
        var id = $"e2e-archive-{Guid.NewGuid():N}"[..24];
        var admin = await server.ApiAsync("admin", "Admin@12345");
        var created = await admin.PostAsync("/api/workflow-definitions", new StringContent($$"""
            {
              "definitionId": "{{id}}", "name": "归档测试",
              "root": { "type": "Flowchart",
                "activities": [
                  { "id": "start", "type": "Start" },
                  { "id": "task", "type": "UserTask", "inputs": {
                      "title": { "type": "Literal", "value": "{{title}}" },
                      "assignTo": { "type": "Literal", "value": { "users": ["office-head"] } },
                      "outcomes": { "type": "Literal", "value": [ { "name": "done" } ] } } },
                  { "id": "end", "type": "End" }
                ],
                "connections": [
                  { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "task", "port": "In" } },
                  { "source": { "activity": "task", "port": "done" }, "target": { "activity": "end", "port": "In" } }
                ] }
            }
            """, Encoding.UTF8, "application/json"));
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        Assert.True((await admin.PostAsync($"/api/workflow-definitions/{id}/publish", null)).IsSuccessStatusCode);

        var office = await server.ApiAsync("office-head");
        var start = await office.PostAsJsonAsync("/api/workflow-instances", new { definitionId = id, input = new { } });
        Assert.True(start.StatusCode == HttpStatusCode.Created, await start.Content.ReadAsStringAsync());
        var instanceId = (await start.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        var tasks = await office.GetFromJsonAsync<JsonObject>($"/api/tasks?scope=mine&instanceId={instanceId}");
        var task = Assert.Single(tasks!["items"]!.AsArray())!;
        var complete = await office.PostAsJsonAsync($"/api/tasks/{task["id"]}/complete", new { outcome = "done" });
        Assert.True(complete.IsSuccessStatusCode, await complete.Content.ReadAsStringAsync());
        return instanceId;
    }
}
