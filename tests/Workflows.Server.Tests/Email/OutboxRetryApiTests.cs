using System.Net;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Core.Runtime;
using Workflows.Persistence;
using Workflows.Persistence.Instances;
using Workflows.Scheduling.Email;

namespace Workflows.Server.Tests.Email;

/// <summary>
/// POST /api/email/outbox/{id}/retry: a Failed e-mail goes back to Pending and its send is queued; nothing else is
/// retried. The failed message is written straight to the outbox (the fault: an SMTP server that refused it to the
/// end), so no earlier send job of the server's own can race the test.
/// </summary>
public sealed class OutboxRetryApiTests(SharedServer shared) : IClassFixture<SharedServer>
{
    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Retry_PutsAFailedMessageBackToPending_AndQueuesItsSend(Provider provider)
    {
        var server = shared.For(provider);
        var messageId = await FailedMessageAsync(server, OutboxState.Failed);
        var admin = await server.ClientForAsync("admin");
        var before = DateTimeOffset.UtcNow;

        await (await admin.PostAsync($"/api/email/outbox/{messageId}/retry", null)).ExpectAsync(HttpStatusCode.Accepted);

        var message = await FindAsync(server, messageId);
        // The queued send may already have taken the message (Sending, or done with it) before it is read here.
        if (message.State != OutboxState.Pending)
        {
            Assert.Contains(message.State, new[] { OutboxState.Sending, OutboxState.Sent, OutboxState.Failed });
            Assert.True(message.Attempts >= 1, $"the message is {message.State} after the retry but no send was attempted");
            return;
        }
        Assert.Equal(0, message.Attempts);
        Assert.True(message.NextAttemptAt <= DateTimeOffset.UtcNow && message.NextAttemptAt >= before.AddSeconds(-1), $"next attempt {message.NextAttemptAt:O}");
        // A job a worker has just fetched is listed neither as enqueued nor as processing for a moment.
        var jobs = SendJobs(server, messageId);
        for (var wait = 0; wait < 50 && jobs == 0; wait++)
        {
            await Task.Delay(100);
            jobs = SendJobs(server, messageId);
        }
        Assert.True(jobs > 0, "no send job was queued for the message");
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Retry_IsAConflict_ForAMessageThatHasNotFailed(Provider provider)
    {
        var server = shared.For(provider);
        var pending = await FailedMessageAsync(server, OutboxState.Pending);
        var sent = await FailedMessageAsync(server, OutboxState.Sent);
        var admin = await server.ClientForAsync("admin");

        var retryPending = await admin.PostAsync($"/api/email/outbox/{pending}/retry", null);
        var retrySent = await admin.PostAsync($"/api/email/outbox/{sent}/retry", null);

        await retryPending.ExpectProblemAsync(HttpStatusCode.Conflict, pending, "has not failed");
        await retrySent.ExpectProblemAsync(HttpStatusCode.Conflict, sent, "has not failed");
        Assert.Equal(OutboxState.Sent, (await FindAsync(server, sent)).State);
        Assert.Equal(0, SendJobs(server, sent));
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Retry_IsNotFound_ForAnUnknownMessage(Provider provider)
    {
        var admin = await shared.For(provider).ClientForAsync("admin");

        var response = await admin.PostAsync("/api/email/outbox/no-such-message/retry", null);

        await response.ExpectProblemAsync(HttpStatusCode.NotFound, "no-such-message");
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Retry_IsForAdministratorsOnly(Provider provider)
    {
        var server = shared.For(provider);
        var messageId = await FailedMessageAsync(server, OutboxState.Failed);

        var anonymous = await server.CreateClient().PostAsync($"/api/email/outbox/{messageId}/retry", null);
        var clerk = await (await server.ClientForAsync("health-clerk")).PostAsync($"/api/email/outbox/{messageId}/retry", null);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, clerk.StatusCode);
        Assert.Equal(OutboxState.Failed, (await FindAsync(server, messageId)).State);
    }

    /// <summary>An e-mail of a running instance in <paramref name="state"/>, as it would be after its attempts.</summary>
    private static async Task<string> FailedMessageAsync(ServerFactory server, OutboxState state)
    {
        var definitionId = Api.NewId("retry");
        await server.PublishAsync(Flows.Approval(definitionId));
        var instanceId = await (await server.ClientForAsync("drafter")).StartAsync(definitionId);
        var id = Api.NewId("mail");
        await using var db = await Contexts(server).CreateDbContextAsync();
        db.Outbox.Add(new OutboxMessage
        {
            Id = id,
            InstanceId = instanceId,
            ActivityId = "review",
            Kind = SideEffectKinds.Email,
            Payload = """{ "to": ["reader@example.gov.cn"], "subject": "重发测试", "body": "正文" }""",
            CreatedAt = DateTimeOffset.UtcNow,
            State = state,
            Attempts = 5,
            LastError = state == OutboxState.Failed ? "550 mailbox unavailable" : null,
        });
        await db.SaveChangesAsync();
        return id;
    }

    private static async Task<OutboxMessage> FindAsync(ServerFactory server, string messageId)
    {
        await using var db = await Contexts(server).CreateDbContextAsync();
        return await db.Outbox.AsNoTracking().SingleAsync(o => o.Id == messageId);
    }

    private static IDbContextFactory<WorkflowsDbContext> Contexts(ServerFactory server) =>
        server.Services.GetRequiredService<IDbContextFactory<WorkflowsDbContext>>();

    /// <summary>Send jobs for <paramref name="messageId"/> in the server's job storage, whatever state they reached.</summary>
    private static int SendJobs(ServerFactory server, string messageId)
    {
        var monitoring = server.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var jobs = monitoring.EnqueuedJobs("default", 0, 1000).Select(j => j.Value.Job)
            .Concat(monitoring.ProcessingJobs(0, 1000).Select(j => j.Value.Job))
            .Concat(monitoring.SucceededJobs(0, 1000).Select(j => j.Value.Job))
            .Concat(monitoring.FailedJobs(0, 1000).Select(j => j.Value.Job));
        return jobs.Count(j => j?.Type == typeof(OutboxSender) && j.Args.Contains(messageId));
    }
}
