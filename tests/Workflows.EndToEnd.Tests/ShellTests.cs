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
