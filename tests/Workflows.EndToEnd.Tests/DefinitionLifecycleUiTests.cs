using System.Net.Http.Json;
using Microsoft.Playwright;

namespace Workflows.EndToEnd.Tests;

/// <summary>Archiving, restoring and deleting definitions from the definitions page.</summary>
public sealed class DefinitionLifecycleUiTests(BrowserServer server) : IClassFixture<BrowserServer>
{
    [SkippableFact]
    public async Task TheDefinitionsPage_DeletesANeverPublishedDraft_AndArchivesAndRestoresAPublishedOne()
    {
        BrowserServer.SkipUnlessBrowser();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (draft, published) = ($"draft-{suffix}", $"notice-{suffix}");
        var api = await server.ApiAsync("designer");
        (await api.PostAsJsonAsync("/api/workflow-definitions", Definition(draft, "未发布的草稿"))).EnsureSuccessStatusCode();
        (await api.PostAsJsonAsync("/api/workflow-definitions", Definition(published, $"通知登记{suffix}"))).EnsureSuccessStatusCode();
        (await api.PostAsync($"/api/workflow-definitions/{published}/publish", null)).EnsureSuccessStatusCode();

        var page = await server.SignInAsync();
        await Assertions.Expect(page.Locator($"[data-testid=open-{draft}]")).ToBeVisibleAsync();
        // A published definition offers archiving only; the never-published draft may be deleted, after a confirmation.
        await Assertions.Expect(page.Locator($"[data-testid=delete-{published}]")).ToHaveCountAsync(0);
        await page.ClickAsync($"[data-testid=delete-{draft}]");
        await page.ClickAsync($"[data-testid=delete-confirm-{draft}]");
        await Assertions.Expect(page.Locator(".mud-snackbar", new() { HasText = "已删除“未发布的草稿”" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator($"[data-testid=open-{draft}]")).ToHaveCountAsync(0);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await api.GetAsync($"/api/workflow-definitions/{draft}")).StatusCode);

        await page.ClickAsync($"[data-testid=archive-{published}]");
        await Assertions.Expect(page.Locator($"[data-testid=open-{published}]")).ToHaveCountAsync(0);
        var starter = await server.Browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = server.BaseAddress.ToString() });
        await starter.GotoAsync("/start");
        await starter.FillAsync("#userName", "drafter");
        await starter.FillAsync("#password", BrowserServer.DemoPassword);
        await starter.ClickAsync("[data-testid=login-submit]");
        await Assertions.Expect(starter.Locator("[data-testid=start-procedure]").First).ToBeVisibleAsync();
        await Assertions.Expect(starter.Locator($"[data-testid=start-{published}]")).ToHaveCountAsync(0);

        await page.ClickAsync("[data-testid=definitions-archived]");
        await Assertions.Expect(page.Locator($"[data-testid=open-{published}]")).ToBeVisibleAsync();
        await page.ClickAsync($"[data-testid=restore-{published}]");
        await Assertions.Expect(page.Locator(".mud-snackbar", new() { HasText = $"已恢复“通知登记{suffix}”" })).ToBeVisibleAsync();
        await starter.ReloadAsync();
        await Assertions.Expect(starter.Locator($"[data-testid=start-{published}]")).ToBeVisibleAsync();
    }

    private static object Definition(string id, string name) => new
    {
        definitionId = id,
        name,
        root = new
        {
            type = "Flowchart",
            activities = new object[] { new { id = "start", type = "Start" }, new { id = "end", type = "End" } },
            connections = new object[] { new { source = new { activity = "start", port = "Done" }, target = new { activity = "end", port = "In" } } },
        },
    };
}
