using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Workflows.EndToEnd.Tests;

/// <summary>The administration pages in a real browser against the real server: what the administrator changes, the API then shows.</summary>
public sealed class AdministrationTests(BrowserServer server) : IClassFixture<BrowserServer>
{
    private const string AdminPassword = "Admin@12345";

    [SkippableFact]
    public async Task TheAdministrator_MarksAHolidayOnTheCalendar_AndSendsAnSmtpTest()
    {
        BrowserServer.SkipUnlessBrowser();
        var admin = await server.SignInAsync("admin", AdminPassword);
        var api = await server.ApiAsync("admin", AdminPassword);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/calendar/years/2031")).StatusCode);

        await admin.GotoAsync("/admin/calendar/2031");
        await Assertions.Expect(admin.Locator("[data-testid=calendar-provisional]")).ToBeVisibleAsync();
        var nationalDay = admin.Locator("[data-testid=day-2031-10-01]");
        await Assertions.Expect(nationalDay).ToHaveAttributeAsync("data-kind", "Working");
        await nationalDay.ClickAsync();
        await Assertions.Expect(nationalDay).ToHaveAttributeAsync("data-kind", "Holiday");
        var sunday = admin.Locator("[data-testid=day-2031-09-28]");
        await sunday.ClickAsync();
        await Assertions.Expect(sunday).ToHaveAttributeAsync("data-kind", "MakeUpWorkday");
        await admin.ClickAsync("[data-testid=calendar-save]");
        await Assertions.Expect(admin.Locator("[data-testid=calendar-published]")).ToBeVisibleAsync();
        await BrowserServer.ScreenshotAsync(admin, "admin-01-calendar");

        var year = JsonNode.Parse(await (await api.GetAsync("/api/calendar/years/2031")).Content.ReadAsStringAsync())!;
        Assert.Equal(["2031-10-01"], year["holidays"]!.AsArray().Select(d => (string)d!["date"]!));
        Assert.Equal(["2031-09-28"], year["makeUpWorkdays"]!.AsArray().Select(d => (string)d!["date"]!));

        var audited = (await api.GetFromJsonAsync<JsonObject>("/api/audit?action=calendar.&user=admin"))!["items"]!.AsArray();
        Assert.Contains(audited, r => (string?)r!["target"] == "2031" && (string?)r["action"] == "calendar.update");

        await admin.ClickAsync("[data-testid=admin-nav-smtp]");
        await admin.FillAsync("[data-testid=smtp-recipient]", "it@example.gov.cn");
        await admin.ClickAsync("[data-testid=smtp-send]");
        // This server has no SMTP server configured: the message is written to the mail folder, and the page says where.
        var result = admin.Locator("[data-testid=smtp-result]");
        await Assertions.Expect(result).ToHaveAttributeAsync("data-sent", "true");
        await Assertions.Expect(result).ToContainTextAsync(".eml");
        await BrowserServer.ScreenshotAsync(admin, "admin-02-smtp-test");
    }
}
