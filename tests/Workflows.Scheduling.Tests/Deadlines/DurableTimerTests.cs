using System.Net;
using Microsoft.EntityFrameworkCore;
using Workflows.Persistence.Instances;

namespace Workflows.Scheduling.Tests.Deadlines;

/// <summary>Timers and e-mails that must survive what goes wrong: a server restart, an SMTP server that is down.</summary>
public sealed class DurableTimerTests
{
    [SkippableTheory]
    [MemberData(nameof(SchedulingServer.Providers), MemberType = typeof(SchedulingServer))]
    public async Task ServerRestartedWhileATimerIsPending_TheTimerFiresOnce(Provider provider)
    {
        SchedulingServer.SkipUnlessAvailable(provider);
        var port = SchedulingServer.FreePort();
        using var mailbox = new Mailbox(port);
        var (definitionId, subject) = (Flows.NewId("restart"), $"重启后 {Guid.NewGuid():N}");
        await using var first = new SchedulingServer(provider, port);
        await first.PublishAsync(Flows.DelayThenMail(definitionId, "PT4S", "someone@example.gov.cn", subject));
        var instanceId = await first.StartAsync(await first.ClientForAsync("drafter"), definitionId);
        await first.StopAsync();

        await using var second = new SchedulingServer(first);
        var drafter = await second.ClientForAsync("drafter");
        await mailbox.WaitForAsync(m => m.Subject == subject, 1, TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(3));

        Assert.Single(mailbox.Messages, m => m.Subject == subject);
        var instance = await SchedulingServer.Expect(await drafter.GetAsync($"/api/workflow-instances/{instanceId}"), HttpStatusCode.OK);
        Assert.Equal("Completed", (string)instance["status"]!);
        var journal = await SchedulingServer.Expect(await drafter.GetAsync($"/api/workflow-instances/{instanceId}/journal"), HttpStatusCode.OK);
        Assert.Single(journal["items"]!.AsArray(), e => (string)e!["event"]! == "ActivityResumed" && (string?)e["activityId"] == "wait");
        Assert.Equal(0, await second.QueryAsync(db => db.Timers.CountAsync(t => t.InstanceId == instanceId)));
    }

    /// <summary>
    /// A node killed while one of Hangfire's schedulers held its PostgreSQL lock leaves the lock's row behind (a
    /// fault a kill causes only by chance, so the row is written here). The schedulers of the nodes still running must
    /// take it over after <c>AbandonedLockAfter</c>, not the storage's own 10 min: until then no scheduled tick and no
    /// minutely sweep runs anywhere.
    /// </summary>
    [SkippableFact]
    public async Task ALockLeftByANodeKilledWhileScheduling_HoldsUpATimerOnlyUntilItIsDeemedAbandoned()
    {
        SchedulingServer.SkipUnlessAvailable(Provider.PostgreSql);
        var port = SchedulingServer.FreePort();
        using var mailbox = new Mailbox(port);
        var (definitionId, subject) = (Flows.NewId("stalelock"), $"锁已失效 {Guid.NewGuid():N}");
        await using var server = new SchedulingServer(Provider.PostgreSql, port)
        {
            Settings = new Dictionary<string, string>
            {
                // Only the Hangfire tick can fire the timer: no alarm of this node, no sweep within the test.
                ["Workflows:Scheduling:InProcessFiringHorizon"] = "00:00:00",
                ["Workflows:Scheduling:SweepAfter"] = "01:00:00",
                ["Workflows:Scheduling:AbandonedLockAfter"] = "00:00:05",
            },
        };
        await server.PublishAsync(Flows.DelayThenMail(definitionId, "PT1S", "someone@example.gov.cn", subject));
        foreach (var resource in new[] { "hangfire:locks:schedulepoller", "hangfire:recurring-jobs:lock" })
        {
            // This node's own scheduler may hold the lock for a moment; the dead node's row goes in once it lets go.
            while (await server.QueryAsync(db => db.Database.ExecuteSqlRawAsync(
                "INSERT INTO hangfire.lock (resource, updatecount, acquired) VALUES ({0}, 0, now()) ON CONFLICT DO NOTHING", resource)) == 0)
            {
                await Task.Delay(20);
            }
        }

        await server.StartAsync(await server.ClientForAsync("drafter"), definitionId);

        // Due in 1 s, the lock taken over after 5 s, the timer fired by the next poll: well within 45 s, where the
        // default minute (tried) or the storage's 10 min would not be.
        await mailbox.WaitForAsync(m => m.Subject == subject, 1, TimeSpan.FromSeconds(45));
        Assert.Equal(0, await server.QueryAsync(db => db.Database.SqlQueryRaw<int>(
            "SELECT count(*)::int AS \"Value\" FROM hangfire.lock WHERE resource = 'hangfire:locks:schedulepoller' AND acquired < now() - interval '5 seconds'").SingleAsync()));
    }

    [Fact]
    public async Task SmtpServerDownForTheFirstAttempts_TheMessageArrivesOnceItIsBack_Once()
    {
        var port = SchedulingServer.FreePort();
        var (definitionId, subject) = (Flows.NewId("smtpdown"), $"重试 {Guid.NewGuid():N}");
        await using var server = new SchedulingServer(Provider.Sqlite, port);
        await server.PublishAsync(Flows.DelayThenMail(definitionId, "PT0S", "someone@example.gov.cn", subject));
        var instanceId = await server.StartAsync(await server.ClientForAsync("drafter"), definitionId);

        var admin = await server.ClientForAsync("admin");
        OutboxMessage? message = null;
        for (var wait = 0; wait < 100 && message is not { Attempts: >= 2 }; wait++)
        {
            await Task.Delay(200);
            message = await server.QueryAsync(db => db.Outbox.AsNoTracking().FirstOrDefaultAsync(o => o.InstanceId == instanceId && o.ActivityId == "mail"));
        }
        Assert.NotNull(message);
        Assert.True(message.Attempts >= 2, $"expected two failed attempts, got {message.Attempts}");
        // Still on its way: waiting for the next attempt, or in the middle of one.
        Assert.Contains(message.State, new[] { OutboxState.Pending, OutboxState.Sending });
        Assert.NotNull(message.LastError);

        using var mailbox = new Mailbox(port);
        await mailbox.WaitForAsync(m => m.Subject == subject, 1, TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Single(mailbox.Messages, m => m.Subject == subject);
        var outbox = await SchedulingServer.Expect(await admin.GetAsync($"/api/email/outbox?instanceId={instanceId}"), HttpStatusCode.OK);
        var item = outbox["items"]!.AsArray().Single(i => (string?)i!["payload"]!["subject"] == subject)!;
        Assert.Equal("Sent", (string)item["state"]!);
        Assert.Equal($"{message.Id}@example.gov.cn", mailbox.Messages.Single(m => m.Subject == subject).MessageId);
    }

    [Fact]
    public async Task AMessageThatFailedEveryAttempt_IsDeliveredOnce_WhenAnAdministratorRetriesIt()
    {
        var port = SchedulingServer.FreePort();
        var (definitionId, subject) = (Flows.NewId("retry"), $"人工重发 {Guid.NewGuid():N}");
        await using var server = new SchedulingServer(Provider.Sqlite, port) { EmailMaxAttempts = 2 };
        await server.PublishAsync(Flows.DelayThenMail(definitionId, "PT0S", "someone@example.gov.cn", subject));
        var instanceId = await server.StartAsync(await server.ClientForAsync("drafter"), definitionId);
        OutboxMessage? message = null;
        for (var wait = 0; wait < 150 && message is not { State: OutboxState.Failed }; wait++)
        {
            await Task.Delay(200);
            message = await server.QueryAsync(db => db.Outbox.AsNoTracking().FirstOrDefaultAsync(o => o.InstanceId == instanceId && o.ActivityId == "mail"));
        }
        Assert.Equal(OutboxState.Failed, message?.State);
        Assert.Equal(2, message!.Attempts);

        using var mailbox = new Mailbox(port);
        var admin = await server.ClientForAsync("admin");
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync($"/api/email/outbox/{message.Id}/retry", null)).StatusCode);

        await mailbox.WaitForAsync(m => m.Subject == subject, 1, TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Single(mailbox.Messages, m => m.Subject == subject);
        var sent = await server.QueryAsync(db => db.Outbox.AsNoTracking().SingleAsync(o => o.Id == message.Id));
        Assert.Equal(OutboxState.Sent, sent.State);
        // Sent now: a second retry is refused and sends nothing.
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync($"/api/email/outbox/{message.Id}/retry", null)).StatusCode);
    }

    [Fact]
    public async Task WithoutSmtp_MessagesStayInTheOutbox_AndAreWrittenAsEmlFiles()
    {
        var (definitionId, subject) = (Flows.NewId("nosmtp"), $"无邮件服务器 {Guid.NewGuid():N}");
        await using var server = new SchedulingServer(Provider.Sqlite, SchedulingServer.FreePort()) { WithoutSmtp = true };
        await server.PublishAsync(Flows.DelayThenMail(definitionId, "PT0S", "someone@example.gov.cn", subject));
        var instanceId = await server.StartAsync(await server.ClientForAsync("drafter"), definitionId);

        OutboxMessage? message = null;
        for (var wait = 0; wait < 100 && message?.LastError is null; wait++)
        {
            await Task.Delay(200);
            message = await server.QueryAsync(db => db.Outbox.AsNoTracking().FirstOrDefaultAsync(o => o.InstanceId == instanceId && o.ActivityId == "mail"));
        }
        Assert.NotNull(message);
        // Still on its way: waiting for the next attempt, or in the middle of one.
        Assert.Contains(message.State, new[] { OutboxState.Pending, OutboxState.Sending });
        Assert.Null(message.NextAttemptAt);
        var file = Path.Combine(server.MailFolder, $"{message.Id}.eml");
        Assert.True(File.Exists(file), message.LastError);
        Assert.Equal(subject, MimeKit.MimeMessage.Load(file).Subject);
    }
}
