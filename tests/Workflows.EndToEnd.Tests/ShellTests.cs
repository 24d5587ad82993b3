using Microsoft.Playwright;

namespace Workflows.EndToEnd.Tests;

public sealed class ShellTests(BrowserServer server) : IClassFixture<BrowserServer>
{
    [SkippableFact]
    public async Task AWrongPassword_StaysOnTheSignInPage_WithAnError()
    {
        BrowserServer.SkipUnlessBrowser();
        var context = await server.Browser.NewContextAsync(new() { BaseURL = server.BaseAddress.ToString() });
        var page = await context.NewPageAsync();

        await page.GotoAsync("/designer");
        await page.FillAsync("#userName", "designer");
        await page.FillAsync("#password", "not-the-password");
        await page.ClickAsync("[data-testid=login-submit]");

        await Assertions.Expect(page.Locator("[data-testid=login-error]")).ToBeVisibleAsync();
        Assert.Contains("/login", page.Url);
    }

    [SkippableFact]
    public async Task TheUi_IsChineseByDefault_AndSwitchesToEnglish()
    {
        BrowserServer.SkipUnlessBrowser();
        var page = await server.SignInAsync();
        await Assertions.Expect(page.Locator("h5")).ToHaveTextAsync("流程定义");

        await page.ClickAsync("[data-testid=culture-switch]");

        await Assertions.Expect(page.Locator("h5")).ToHaveTextAsync("Workflow definitions");
        await BrowserServer.ScreenshotAsync(page, "definitions-english");
    }

    [SkippableFact]
    public async Task TheNavigationRail_LabelsEveryIcon_CollapsedAndExpanded_InBothLanguages()
    {
        BrowserServer.SkipUnlessBrowser();
        var page = await server.SignInAsync();
        await Assertions.Expect(page.Locator("[data-testid=nav-link]").First).ToBeVisibleAsync();

        // Collapsed: a label under each icon, inside the rail.
        await AssertLabelledAsync(page, ["待办事项", "发起办件", "督办看板", "流程设计"], below: true);
        await page.ClickAsync("[aria-label='展开或收起导航']");
        await page.Mouse.MoveAsync(900, 500);
        // Expanded: the label beside the icon.
        await AssertLabelledAsync(page, ["待办事项", "发起办件", "督办看板", "流程设计"], below: false);

        // Switching the language reloads the page, with the rail collapsed again.
        await page.ClickAsync("[data-testid=culture-switch]");
        await AssertLabelledAsync(page, ["Inbox", "Start", "Dashboard", "Designer"], below: true);
        await BrowserServer.ScreenshotAsync(page, "nav-rail-english");
    }

    private static async Task AssertLabelledAsync(IPage page, string[] labels, bool below)
    {
        var links = page.Locator("[data-testid=nav-link]");
        await Assertions.Expect(links).ToHaveCountAsync(labels.Length);
        for (var i = 0; i < labels.Length; i++)
        {
            await Assertions.Expect(links.Nth(i).Locator(".mud-nav-link-text")).ToHaveTextAsync(labels[i]);
        }
        var placement = below ? "text.top >= icon.bottom - 1" : "text.left >= icon.right - 1";
        await page.WaitForFunctionAsync(
            "() => [...document.querySelectorAll('[data-testid=nav-link]')].every(link => {" +
            " const icon = link.querySelector('.mud-icon-root').getBoundingClientRect();" +
            " const text = link.querySelector('.mud-nav-link-text').getBoundingClientRect();" +
            $" const rail = link.closest('.mud-drawer').getBoundingClientRect();" +
            $" return text.width > 20 && text.height > 8 && text.right <= rail.right + 1 && {placement}; }})");
    }

    [SkippableFact]
    public async Task SigningOut_EndsTheSession()
    {
        BrowserServer.SkipUnlessBrowser();
        var page = await server.SignInAsync();
        await Assertions.Expect(page.Locator("[data-testid=current-user]")).ToHaveTextAsync("孙设计");

        await page.ClickAsync("[data-testid=logout]");
        await page.WaitForURLAsync(url => url.Contains("/login"));
        await page.GotoAsync("/designer");

        await Assertions.Expect(page.Locator("#userName")).ToBeVisibleAsync();
    }
}
