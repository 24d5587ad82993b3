using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Workflows.EndToEnd.Tests;

/// <summary>
/// Documents and archive in the browser: 核稿 refusals in the page's language (Chinese by default, English when
/// switched), archived matters out of 我的工作台 until asked for.
/// </summary>
public sealed class DocumentsUiTests(BrowserServer server) : IClassFixture<BrowserServer>
{
    [SkippableFact]
    public async Task ADraftWithoutTitle_IsRefused_InThePagesLanguage()
    {
        BrowserServer.SkipUnlessBrowser();
        var taskId = await DraftToCheckAsync();
        var page = await SignInAsync("office-head");

        await page.GotoAsync($"/tasks/{taskId}");
        await Assertions.Expect(page.Locator("[data-testid=draft]")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await page.FillAsync("input[data-testid=draft-title]", "");
        await page.ClickAsync("[data-testid=draft-save]");
        await Assertions.Expect(page.Locator("[data-testid=draft-error]")).ToHaveTextAsync("标题必填，最多 500 字");

        // The switch reloads this page in English; navigating again before it has would abort its navigation.
        await page.ClickAsync("[data-testid=culture-switch]");
        await Assertions.Expect(page.Locator("[data-testid=culture-switch]")).ToHaveTextAsync("中文", new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator("[data-testid=draft]")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await page.FillAsync("input[data-testid=draft-title]", "");
        await page.ClickAsync("[data-testid=draft-save]");
        await Assertions.Expect(page.Locator("[data-testid=draft-error]")).ToHaveTextAsync("The title is required, at most 500 characters");
        await BrowserServer.ScreenshotAsync(page, "work-11-draft-refused-english");
    }

    /// <summary>Start → a draft of the shipped 销案复函 → 核稿 for office-head; returns the task's id.</summary>
    private async Task<string> DraftToCheckAsync()
    {
        var id = $"e2e-draft-{Guid.NewGuid():N}"[..22];
        var admin = await server.ApiAsync("admin", "Admin@12345");
        var created = await admin.PostAsync("/api/workflow-definitions", new StringContent($$"""
            {
              "definitionId": "{{id}}", "name": "核稿测试",
              "root": { "type": "Flowchart",
                "activities": [
                  { "id": "start", "type": "Start" },
                  { "id": "draft", "type": "GenerateDocument", "inputs": {
                      "template": { "type": "Literal", "value": "fire-hazard-closure" },
                      "fileName": { "type": "Literal", "value": "销案复函" },
                      "draft": { "type": "Literal", "value": true },
                      "data": { "type": "JavaScript", "value": "({ unitName: '阳泉嗨唱派对娱乐服务有限公司', closureRequestNumber: '' })" } } },
                  { "id": "check", "type": "UserTask", "inputs": {
                      "title": { "type": "Literal", "value": "核稿" },
                      "assignTo": { "type": "Literal", "value": { "users": ["office-head"] } },
                      "outcomes": { "type": "Literal", "value": [ { "name": "submit" } ] } } },
                  { "id": "end", "type": "End" }
                ],
                "connections": [
                  { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "draft", "port": "In" } },
                  { "source": { "activity": "draft", "port": "Done" }, "target": { "activity": "check", "port": "In" } },
                  { "source": { "activity": "check", "port": "submit" }, "target": { "activity": "end", "port": "In" } }
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
        return Assert.Single(tasks!["items"]!.AsArray())!["id"]!.GetValue<string>();
    }

    /// <summary>归档: an archived matter leaves 已办 like it leaves GET /api/workflow-instances, and the same three choices bring it back.</summary>
    [SkippableFact]
    public async Task AnArchivedMatter_LeavesTheDoneTab_UntilAskedFor()
    {
        BrowserServer.SkipUnlessBrowser();
        var page = await SignInAsync("office-head");
        var title = $"归档测试 {Guid.NewGuid():N}"[..16];
        var instanceId = await FinishedMatterAsync(title);
        var admin = await server.ApiAsync("admin", "Admin@12345");
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/workflow-instances/{instanceId}/archive", null)).StatusCode);

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

    /// <summary>A fresh context signed in on the inbox page (people who are not designers land there).</summary>
    private async Task<IPage> SignInAsync(string userName)
    {
        var context = await server.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1400, Height = 1000 },
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.FillAsync("#userName", userName);
        await page.FillAsync("#password", BrowserServer.DemoPassword);
        await page.ClickAsync("[data-testid=login-submit]");
        await Assertions.Expect(page.Locator("[data-testid=inbox-table]")).ToBeVisibleAsync();
        return page;
    }
}
