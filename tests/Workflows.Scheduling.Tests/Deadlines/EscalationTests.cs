using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Workflows.Scheduling.Timers;

namespace Workflows.Scheduling.Tests.Deadlines;

/// <summary>督办 over time, with real timers (Hangfire on SQLite, 1 s polling) and a real SMTP server.</summary>
public sealed class EscalationTests(ServerWithMailbox shared) : IClassFixture<ServerWithMailbox>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private const string Demo = "@demo.workflows.local";

    private async Task<(string DefinitionId, string InstanceId, string TaskId)> StartAsync(string prefix, string deadline)
    {
        var definitionId = Flows.NewId(prefix);
        await shared.Server.PublishAsync(Flows.Deadline(definitionId, $"督办 {definitionId}", deadline));
        var clerk = await shared.Server.ClientForAsync("health-clerk");
        var instanceId = await shared.Server.StartAsync(clerk, definitionId);
        var task = await SchedulingServer.Expect(await clerk.GetAsync($"/api/tasks?scope=mine&instanceId={instanceId}"), HttpStatusCode.OK);
        return (definitionId, instanceId, (string)task["items"]![0]!["id"]!);
    }

    private static Func<MimeMessage, bool> Escalation(string definitionId, string level = "【督办】") =>
        m => (m.Subject ?? "").StartsWith(level, StringComparison.Ordinal) && (m.Subject ?? "").Contains(definitionId, StringComparison.Ordinal);

    private async Task<List<string>> JournalAsync(string instanceId)
    {
        var clerk = await shared.Server.ClientForAsync("health-clerk");
        var journal = await SchedulingServer.Expect(await clerk.GetAsync($"/api/workflow-instances/{instanceId}/journal"), HttpStatusCode.OK);
        return [.. journal["items"]!.AsArray().Select(e => (string)e!["event"]!)];
    }

    [Fact]
    public async Task WhileOverdue_EscalatesEveryEscalateEvery_UpToTheConfiguredCount_AndNoMore()
    {
        var (definitionId, instanceId, _) = await StartAsync("repeat", """
            "due": { "type": "Literal", "value": "PT1S" }, "remindBefore": { "type": "Literal", "value": "PT0S" },
            "escalateEvery": { "type": "Literal", "value": "PT1S" }
            """);

        // Workflows:Engine:MaxEscalations is 5 by default.
        var escalations = await shared.Mailbox.WaitForAsync(Escalation(definitionId), 5, Patience);
        await Task.Delay(TimeSpan.FromSeconds(5));

        escalations = [.. shared.Mailbox.Messages.Where(Escalation(definitionId))];
        Assert.Equal(5, escalations.Count);
        Assert.All(escalations, m => Assert.Equal([$"health-head{Demo}"], m.To.Mailboxes.Select(a => a.Address)));
        Assert.Equal(5, escalations.Select(m => m.MessageId).Distinct().Count());
        Assert.Equal(5, (await JournalAsync(instanceId)).Count(e => e == "TaskEscalated"));
        Assert.Equal(0, await shared.Server.QueryAsync(db => db.Timers.CountAsync(t => t.InstanceId == instanceId)));
    }

    [Fact]
    public async Task AtTheHardDueDate_TheSecondLevelGoesToTheSupervisorsSupervisor_CopyingTheSupervisionOffice()
    {
        var (definitionId, instanceId, taskId) = await StartAsync("hard", """
            "due": { "type": "Literal", "value": { "duration": "PT1S", "hardDuration": "PT3S" } },
            "remindBefore": { "type": "Literal", "value": "PT0S" }, "escalateEvery": { "type": "Literal", "value": "P1D" }
            """);

        var second = (await shared.Mailbox.WaitForAsync(Escalation(definitionId, "【督办·二级】"), 1, Patience)).Single();
        var first = shared.Mailbox.Messages.Single(Escalation(definitionId));

        Assert.Equal([$"health-head{Demo}"], first.To.Mailboxes.Select(a => a.Address));
        Assert.Equal([$"leader{Demo}"], second.To.Mailboxes.Select(a => a.Address));
        Assert.Equal([$"supervisor{Demo}"], second.Cc.Mailboxes.Select(a => a.Address));
        Assert.Contains("并已超过最终期限", second.HtmlBody);
        Assert.Contains($"{SchedulingServer.PublicUrl}/tasks/{taskId}", second.HtmlBody);
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Single(shared.Mailbox.Messages, m => Escalation(definitionId, "【督办·二级】")(m));
        Assert.Equal(2, (await JournalAsync(instanceId)).Count(e => e == "TaskEscalated"));
    }

    [Fact]
    public async Task ADueTimerWhoseJobWasLost_IsFiredByTheSweep_ExactlyOnce()
    {
        var (definitionId, instanceId, taskId) = await StartAsync("lost", """
            "due": { "type": "Literal", "value": "P30D" }, "remindBefore": { "type": "Literal", "value": "P29D" }
            """);
        var escalate = $"{taskId}.escalate.1";
        Assert.True(await shared.Server.QueryAsync(db => db.Timers.AnyAsync(t => t.Id == escalate)));

        // Its Hangfire job waits thirty days: as good as lost for a timer due ten minutes ago.
        var tenMinutesAgo = DateTimeOffset.UtcNow.AddMinutes(-10);
        await shared.Server.QueryAsync(db => db.Timers.Where(t => t.Id == escalate).ExecuteUpdateAsync(s => s.SetProperty(t => t.DueAt, tenMinutesAgo)));
        using (var scope = shared.Server.Services.CreateScope())
        {
            var sweep = scope.ServiceProvider.GetRequiredService<SweepJob>();
            await sweep.SweepAsync(CancellationToken.None);
            await sweep.SweepAsync(CancellationToken.None);
        }

        var escalation = (await shared.Mailbox.WaitForAsync(Escalation(definitionId), 1, Patience)).Single();
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Single(shared.Mailbox.Messages, m => Escalation(definitionId)(m));
        Assert.Equal([$"health-head{Demo}"], escalation.To.Mailboxes.Select(a => a.Address));
        Assert.Single(await JournalAsync(instanceId), e => e == "TaskEscalated");
        Assert.False(await shared.Server.QueryAsync(db => db.Timers.AnyAsync(t => t.Id == escalate)));
        Assert.DoesNotContain(shared.Mailbox.Messages, m => (m.Subject ?? "").StartsWith("【催办】") && (m.Subject ?? "").Contains(definitionId));
    }
}

/// <summary>The supervision office (督查室) is copied on escalations only while the role has members.</summary>
public sealed class SupervisionOfficeTests
{
    [Fact]
    public async Task WithNobodyInTheSupervisionOffice_TheEscalationGoesUncopied()
    {
        var port = SchedulingServer.FreePort();
        using var mailbox = new Mailbox(port);
        await using var server = new SchedulingServer(Provider.Sqlite, port);
        var admin = await server.ClientForAsync("admin");
        await SchedulingServer.Expect(await admin.PutAsync("/api/org/users/supervisor", SchedulingServer.Json("""
            { "displayName": "钱督查", "email": "supervisor@demo.workflows.local", "department": "supervision", "roles": [], "supervisor": "office-head" }
            """)), HttpStatusCode.OK);
        var definitionId = Flows.NewId("nocc");
        await server.PublishAsync(Flows.Deadline(definitionId, "无督查室", """
            "due": { "type": "Literal", "value": "PT1S" }, "remindBefore": { "type": "Literal", "value": "PT0S" }, "escalateEvery": { "type": "Literal", "value": "P1D" }
            """));
        await server.StartAsync(await server.ClientForAsync("health-clerk"), definitionId);

        var escalation = (await mailbox.WaitForAsync(m => (m.Subject ?? "").StartsWith("【督办】") && (m.Subject ?? "").Contains(definitionId), 1, TimeSpan.FromSeconds(30))).Single();

        Assert.Equal(["health-head@demo.workflows.local"], escalation.To.Mailboxes.Select(a => a.Address));
        Assert.Empty(escalation.Cc);
    }
}
