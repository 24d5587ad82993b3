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

    [SkippableFact]
    public async Task TheOutbox_ShowsTheRealSubjectAndTheMatter_AndMarksMessagesWrittenToThePickupFolder()
    {
        BrowserServer.SkipUnlessBrowser();
        var unit = await server.ApiAsync("vehicle-unit");
        using var file = new MultipartFormDataContent { { new ByteArrayContent("%PDF-1.4 请示"u8.ToArray()), "file", "请示.pdf" } };
        var uploaded = JsonNode.Parse(await (await unit.PostAsync("/api/attachments", file)).Content.ReadAsStringAsync())!;
        var started = await unit.PostAsJsonAsync("/api/workflow-instances", new
        {
            definitionId = "vehicle-scrapping",
            input = new
            {
                unit = "区图书馆",
                requestNumber = "阳图字〔2026〕9号",
                requestTitle = "关于申请报废老旧车辆的请示",
                vehicleCategory = "老旧作业车辆",
                vehicleCount = 1,
                vehicles = "晋C·54321 面包车",
                reason = "已达报废年限",
                request = uploaded["id"]!.ToString(),
            },
        });
        var instanceId = JsonNode.Parse(await started.Content.ReadAsStringAsync())!["id"]!.ToString();
        var api = await server.ApiAsync("admin", AdminPassword);
        // Hangfire delivers in the background; this server has no SMTP server, so the message goes to the pickup folder.
        JsonNode? written = null;
        for (var waited = 0; written is null && waited < 200; waited++)
        {
            var page = JsonNode.Parse(await api.GetStringAsync($"/api/email/outbox?instanceId={instanceId}"))!;
            written = page["items"]!.AsArray().FirstOrDefault(m => m?["pickupFile"] is not null);
            if (written is null)
            {
                await Task.Delay(100);
            }
        }
        Assert.NotNull(written);
        var subject = written["subject"]!.ToString();
        Assert.StartsWith("【待办】车辆报废审批", subject);
        Assert.EndsWith(".eml", written["pickupFile"]!.ToString());

        var admin = await server.SignInAsync("admin", AdminPassword);
        await admin.GotoAsync("/admin/outbox");
        var row = admin.Locator($"[data-testid=outbox-row][data-id='{written["id"]}']");
        await Assertions.Expect(row.Locator("[data-testid=outbox-subject]")).ToHaveTextAsync(subject);
        await Assertions.Expect(row.Locator("[data-testid=outbox-matter]")).ToContainTextAsync("区图书馆");
        await Assertions.Expect(row.Locator("[data-testid=outbox-state]")).ToHaveTextAsync("已写入投递目录");
        await Assertions.Expect(row.Locator("[data-testid=outbox-note]")).ToContainTextAsync(".eml");
        await Assertions.Expect(row).Not.ToContainTextAsync("待发送");
        await Assertions.Expect(row).Not.ToContainTextAsync("task-assigned");
        await BrowserServer.ScreenshotAsync(admin, "admin-03-outbox");
    }

    [SkippableFact]
    public async Task TheDocumentTemplatesPage_IsHeadedByTheTemplatesName_AndPreviewsARealisticSample()
    {
        BrowserServer.SkipUnlessBrowser();
        var admin = await server.SignInAsync("admin", AdminPassword);
        await admin.GotoAsync("/admin/document-templates");

        await admin.ClickAsync("[data-testid=doc-template-vehicle-scrapping-decision]");

        await Assertions.Expect(admin.Locator("[data-testid=doc-heading]")).ToHaveTextAsync("车辆报废复函");
        var sample = admin.Locator("[data-testid=doc-sample] textarea, textarea[data-testid=doc-sample]").First;
        await Assertions.Expect(sample).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("区城乡建设事务服务中心"));
        await admin.ClickAsync("[data-testid=template-preview]");
        var preview = admin.FrameLocator("[data-testid=preview-body]").Locator("body");
        await Assertions.Expect(preview).ToContainTextAsync("区城乡建设事务服务中心");
        await Assertions.Expect(preview).ToContainTextAsync("晋C·12345");
        await BrowserServer.ScreenshotAsync(admin, "admin-04-document-template");
    }

    [SkippableFact]
    public async Task APersonsRow_KeepsItsEditAndRemoveButtonsInView_OnAnOfficeLaptop_ItsEMailBrokenAfterTheAt()
    {
        BrowserServer.SkipUnlessBrowser();
        var api = await server.ApiAsync("admin", AdminPassword);
        var userName = "long-mail-" + Guid.NewGuid().ToString("N")[..6];
        var email = $"{userName}.fire-prevention-office@district-government.example.gov.cn";
        (await api.PostAsJsonAsync("/api/org/users", new { userName, displayName = "欧阳晓东", email, password = "Person@12345", department = "health-bureau" }))
            .EnsureSuccessStatusCode();

        var admin = await server.SignInAsync("admin", AdminPassword);
        await admin.SetViewportSizeAsync(1366, 768);
        await admin.GotoAsync("/admin/organisation");
        await admin.Locator("input[data-testid=user-filter], [data-testid=user-filter] input").FillAsync(userName);
        var row = admin.Locator($"[data-testid=user-row][data-user='{userName}']");
        await Assertions.Expect(row).ToBeVisibleAsync();
        await Assertions.Expect(admin.Locator("[data-testid=user-row]")).ToHaveCountAsync(1);

        // The table fits its paper: nothing to scroll sideways to, and both buttons inside what is shown.
        var table = admin.Locator("[data-testid=admin-users]");
        var widths = await table.EvaluateAsync<int[]>("root => { const box = root.querySelector('table').parentElement; return [box.scrollWidth, box.clientWidth]; }");
        Assert.True(widths[0] <= widths[1], $"the people's table is {widths[0]} px wide in a box of {widths[1]} px");
        var shown = (await table.BoundingBoxAsync())!;
        foreach (var button in new[] { "user-edit", "user-delete" })
        {
            var box = (await row.Locator($"[data-testid={button}]").BoundingBoxAsync())!;
            Assert.True(box.X + box.Width <= shown.X + shown.Width, $"{button} ends at {box.X + box.Width} px, past the table's {shown.X + shown.Width} px");
        }
        // The address reads whole, on two lines that break after its @.
        var cell = row.Locator("[data-testid=user-email-cell]");
        Assert.Equal(email, (await cell.InnerTextAsync()).Replace("\n", "", StringComparison.Ordinal).Trim());
        var parts = cell.Locator("span");
        Assert.Equal($"{userName}.fire-prevention-office@", await parts.Nth(0).InnerTextAsync());
        Assert.True((await parts.Nth(1).BoundingBoxAsync())!.Y > (await parts.Nth(0).BoundingBoxAsync())!.Y, "the domain goes on the next line");
        await BrowserServer.ScreenshotAsync(admin, "admin-05-organisation-laptop");
    }
}
