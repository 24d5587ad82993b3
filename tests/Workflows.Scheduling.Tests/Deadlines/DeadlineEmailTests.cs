using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace Workflows.Scheduling.Tests.Deadlines;

/// <summary>Task deadlines with real timers (Hangfire on SQLite, 1 s polling) and a real SMTP server.</summary>
public sealed class DeadlineEmailTests(ServerWithMailbox shared) : IClassFixture<ServerWithMailbox>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task TaskDueInSeconds_RemindsTheHandlerThenEscalatesToTheSupervisor_CopyingTheSupervisionOffice()
    {
        var (definitionId, title) = (Flows.NewId("due"), $"政策<审查>&{Guid.NewGuid():N}"[..20]);
        await shared.Server.PublishAsync(Flows.Deadline(definitionId, title, """
            "due": { "type": "Literal", "value": "PT5S" }, "remindBefore": { "type": "Literal", "value": "PT3S" }
            """));
        var clerk = await shared.Server.ClientForAsync("health-clerk");
        var instanceId = await shared.Server.StartAsync(clerk, definitionId);
        var task = (await SchedulingServer.Expect(await clerk.GetAsync($"/api/tasks?scope=mine&instanceId={instanceId}"), HttpStatusCode.OK))["items"]![0]!;
        var taskId = (string)task["id"]!;

        var reminder = (await shared.Mailbox.WaitForAsync(m => (m.Subject ?? "").StartsWith("【催办】") && (m.HtmlBody ?? "").Contains(taskId), 1, Patience)).Single();
        var escalation = (await shared.Mailbox.WaitForAsync(m => (m.Subject ?? "").StartsWith("【督办】") && (m.HtmlBody ?? "").Contains(taskId), 1, Patience)).Single();

        Assert.Equal(["health-clerk@demo.workflows.local"], reminder.To.Mailboxes.Select(m => m.Address));
        Assert.Equal(["health-head@demo.workflows.local"], escalation.To.Mailboxes.Select(m => m.Address));
        Assert.Equal(["supervisor@demo.workflows.local"], escalation.Cc.Mailboxes.Select(m => m.Address));
        foreach (var message in new[] { reminder, escalation })
        {
            Assert.Contains($"健康审查 {definitionId}", message.Subject);
            Assert.Contains(WebUtility.HtmlEncode(title), message.HtmlBody);
            Assert.DoesNotContain(title, message.HtmlBody);
            Assert.Contains("专家评审", message.HtmlBody);
            Assert.Contains("吴办事员", message.HtmlBody);
            Assert.Contains($"{SchedulingServer.PublicUrl}/tasks/{taskId}", message.HtmlBody);
            Assert.Contains(LocalDate((DateTimeOffset)task["dueAt"]!), message.HtmlBody);
        }
        Assert.Contains("超期工作日</td><td>0", escalation.HtmlBody);

        var journal = await SchedulingServer.Expect(await clerk.GetAsync($"/api/workflow-instances/{instanceId}/journal"), HttpStatusCode.OK);
        var events = journal["items"]!.AsArray().Select(e => (string)e!["event"]!).ToList();
        Assert.Single(events, e => e == "TaskReminded");
        Assert.Single(events, e => e == "TaskEscalated");
    }

    [Fact]
    public async Task TaskCompletedBeforeItsDueTime_IsNeverEscalated_AndLeavesNoTimers()
    {
        var (definitionId, title) = (Flows.NewId("ontime"), $"按时办结 {Guid.NewGuid():N}"[..16]);
        await shared.Server.PublishAsync(Flows.Deadline(definitionId, title, """
            "due": { "type": "Literal", "value": "PT4S" }, "remindBefore": { "type": "Literal", "value": "PT2S" }
            """));
        var clerk = await shared.Server.ClientForAsync("health-clerk");
        var instanceId = await shared.Server.StartAsync(clerk, definitionId);
        var taskId = (string)(await SchedulingServer.Expect(await clerk.GetAsync($"/api/tasks?scope=mine&instanceId={instanceId}"), HttpStatusCode.OK))["items"]![0]!["id"]!;
        Assert.Equal(2, await shared.Server.QueryAsync(db => db.Timers.CountAsync(t => t.InstanceId == instanceId)));

        await SchedulingServer.Expect(await clerk.PostAsync($"/api/tasks/{taskId}/complete", SchedulingServer.Json("""{ "outcome": "approve" }""")), HttpStatusCode.OK);
        Assert.Equal(0, await shared.Server.QueryAsync(db => db.Timers.CountAsync(t => t.InstanceId == instanceId)));

        await Task.Delay(TimeSpan.FromSeconds(7));
        Assert.DoesNotContain(shared.Mailbox.Messages, m => (m.HtmlBody ?? "").Contains(taskId) && (m.Subject ?? "") is var subject
            && (subject.StartsWith("【催办】") || subject.StartsWith("【督办】")));
        var journal = await SchedulingServer.Expect(await clerk.GetAsync($"/api/workflow-instances/{instanceId}/journal"), HttpStatusCode.OK);
        Assert.DoesNotContain(journal["items"]!.AsArray(), e => (string)e!["event"]! is "TaskEscalated" or "TaskReminded");
    }

    [Fact]
    public async Task HundredTasksDueInTheSameSecond_GetHundredEscalations_WithoutDuplicates()
    {
        var definitionId = Flows.NewId("burst");
        var dueAt = DateTimeOffset.UtcNow.AddSeconds(15).ToString("yyyy-MM-ddTHH:mm:ssZ");
        await shared.Server.PublishAsync(Flows.Deadline(definitionId, "同一秒到期", $$"""
            "due": { "type": "Literal", "value": { "at": "{{dueAt}}" } }, "remindBefore": { "type": "Literal", "value": "PT0S" }
            """));
        var clerk = await shared.Server.ClientForAsync("health-clerk");
        var instances = new List<string>();
        for (var i = 0; i < 100; i++)
        {
            instances.Add(await shared.Server.StartAsync(clerk, definitionId));
        }
        bool Escalation(MimeMessage m) => (m.Subject ?? "").StartsWith("【督办】") && (m.Subject ?? "").Contains(definitionId);
        var escalations = await shared.Mailbox.WaitForAsync(Escalation, 100, TimeSpan.FromSeconds(90));

        await Task.Delay(TimeSpan.FromSeconds(3));
        escalations = [.. shared.Mailbox.Messages.Where(Escalation)];
        Assert.Equal(100, escalations.Count);
        Assert.Equal(100, escalations.Select(m => m.MessageId).Distinct().Count());
        var outbox = await shared.Server.QueryAsync(db => db.Outbox.Where(o => instances.Contains(o.InstanceId) && o.Payload.Contains("\"escalation\"")).ToListAsync());
        Assert.Equal(100, outbox.Count);
        Assert.All(outbox, o => Assert.Equal(Persistence.Instances.OutboxState.Sent, o.State));
    }

    private static string LocalDate(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
