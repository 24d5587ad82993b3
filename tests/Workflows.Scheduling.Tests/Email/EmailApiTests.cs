using System.Net;
using System.Text.Json.Nodes;

namespace Workflows.Scheduling.Tests.Email;

/// <summary>/api/email and /hangfire through the real server, with a real SMTP server behind it.</summary>
public sealed class EmailApiTests(ServerWithMailbox shared) : IClassFixture<ServerWithMailbox>
{
    [Fact]
    public async Task GetTemplate_ReturnsTheShippedChineseDefault()
    {
        var admin = await shared.Server.ClientForAsync("admin");
        var template = await SchedulingServer.Expect(await admin.GetAsync("/api/email/templates/escalation"), HttpStatusCode.OK);
        Assert.True((bool)template["isDefault"]!);
        Assert.Contains("督办", (string)template["subject"]!);
        Assert.Contains("{{ overdueWorkingDays }}", (string)template["body"]!);
        await SchedulingServer.Expect(await admin.GetAsync("/api/email/templates/nonsense"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task PutTemplate_ThatDoesNotParse_IsRefusedWithItsLineAndColumn()
    {
        var admin = await shared.Server.ClientForAsync("admin");
        var response = await admin.PutAsync("/api/email/templates/completed",
            SchedulingServer.Json("""{ "subject": "已办结", "body": "<p>第一行</p>\n<p>{% if outcome %}没有结束</p>" }"""));
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await SchedulingServer.Expect(response, HttpStatusCode.BadRequest);
        Assert.Equal(2, (int)problem["line"]!);
        Assert.True((int)problem["column"]! > 0);
        Assert.Contains("body", problem["errors"]!.AsObject().Select(e => e.Key));
        var kept = await SchedulingServer.Expect(await admin.GetAsync("/api/email/templates/completed"), HttpStatusCode.OK);
        Assert.True((bool)kept["isDefault"]!);
    }

    [Fact]
    public async Task PutTemplate_IsUsedForTheNextMessage_WithEveryValueEscaped()
    {
        var admin = await shared.Server.ClientForAsync("admin");
        var marker = Guid.NewGuid().ToString("N");
        await SchedulingServer.Expect(await admin.PutAsync("/api/email/templates/reminder", SchedulingServer.Json($$$"""
            { "subject": "提醒 {{{marker}}} {{ title }}", "body": "<p>请办理：<b>{{ title }}</b> {{ link }}</p>" }
            """)), HttpStatusCode.OK);
        var definitionId = Flows.NewId("tpl");
        await shared.Server.PublishAsync(Flows.Deadline(definitionId, "<script>alert(1)</script>", """
            "due": { "type": "Literal", "value": "PT1H" }, "remindBefore": { "type": "Literal", "value": "PT1H" }
            """));
        await shared.Server.StartAsync(await shared.Server.ClientForAsync("health-clerk"), definitionId);

        var message = (await shared.Mailbox.WaitForAsync(m => m.Subject?.Contains(marker) == true, 1, TimeSpan.FromSeconds(30))).Single();
        Assert.Contains("<b>&lt;script&gt;alert(1)&lt;/script&gt;</b>", message.HtmlBody);
        Assert.DoesNotContain("<script>", message.HtmlBody);
        await SchedulingServer.Expect(await admin.PutAsync("/api/email/templates/reminder", SchedulingServer.Json("""
            { "subject": "【催办】{{ procedure }}：{{ title }}", "body": "<p>{{ title }}</p>" }
            """)), HttpStatusCode.OK);
    }

    [Fact]
    public async Task Outbox_ListsMessagesWithTheirState()
    {
        var admin = await shared.Server.ClientForAsync("admin");
        var definitionId = Flows.NewId("outbox");
        var subject = $"发件箱 {Guid.NewGuid():N}";
        await shared.Server.PublishAsync(Flows.DelayThenMail(definitionId, "PT0S", "reader@example.gov.cn", subject));
        var instanceId = await shared.Server.StartAsync(await shared.Server.ClientForAsync("drafter"), definitionId);
        await shared.Mailbox.WaitForAsync(m => m.Subject == subject, 1, TimeSpan.FromSeconds(30));

        JsonObject page = [];
        JsonNode? Mail() => page["items"]?.AsArray().SingleOrDefault(i => (string?)i!["payload"]!["subject"] == subject);
        for (var wait = 0; wait < 50 && (string?)Mail()?["state"] != "Sent"; wait++)
        {
            await Task.Delay(100);
            page = await SchedulingServer.Expect(await admin.GetAsync($"/api/email/outbox?instanceId={instanceId}"), HttpStatusCode.OK);
        }
        // The flow's own e-mail, and the 办结 message to the drafter who started it.
        Assert.Equal(2, (int)page["total"]!);
        Assert.Equal("Sent", (string)Mail()!["state"]!);
        Assert.Single(page["items"]!.AsArray(), i => (string?)i!["payload"]!["template"] == "instance-finished");
    }

    [Fact]
    public async Task TestMessage_ReachesTheSmtpServer()
    {
        var admin = await shared.Server.ClientForAsync("admin");
        var sent = await SchedulingServer.Expect(await admin.PostAsync("/api/email/test", SchedulingServer.Json("""{ "to": "it@example.gov.cn" }""")), HttpStatusCode.OK);
        Assert.Equal("smtp", (string)sent["delivery"]!);
        await shared.Mailbox.WaitForAsync(m => m.MessageId == (string)sent["messageId"]! && m.To.Mailboxes.Single().Address == "it@example.gov.cn", 1, TimeSpan.FromSeconds(5));
        await SchedulingServer.Expect(await admin.PostAsync("/api/email/test", SchedulingServer.Json("""{ "to": "not an address" }""")), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task EmailApiAndDashboard_AreForAdministratorsOnly()
    {
        var clerk = await shared.Server.ClientForAsync("health-clerk");
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.GetAsync("/api/email/outbox")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.GetAsync("/hangfire")).StatusCode);
        var anonymous = await shared.Server.CreateClient(new() { AllowAutoRedirect = false }).GetAsync("/hangfire");
        Assert.True(anonymous.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Redirect, $"anonymous /hangfire: {anonymous.StatusCode}");
        var admin = await shared.Server.ClientForAsync("admin");
        var dashboard = await admin.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("Workflows jobs", await dashboard.Content.ReadAsStringAsync());
    }
}
