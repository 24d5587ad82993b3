using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Core.Runtime;
using Workflows.Persistence;
using Workflows.Persistence.Instances;
using Workflows.Server.Email;

namespace Workflows.Server.Tests.Email;

/// <summary>
/// GET /api/email/outbox after a year of e-mails: newest first a page at a time, the total counted up to
/// <see cref="OutboxList.CountLimit"/> and then capped, a rare state counted exactly. The year's e-mails are written
/// straight to the outbox: sending ten thousand through steps would test the engine, not the list.
/// </summary>
public sealed class OutboxListApiTests(SharedServer shared) : IClassFixture<SharedServer>
{
    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task TheOutbox_ListsTheNewestFirst_AndCountsAYearOfEMailsOnlyUpToItsLimit(Provider provider)
    {
        var server = shared.For(provider);
        var definitionId = Api.NewId("outbox");
        await server.PublishAsync(Flows.Approval(definitionId));
        var instanceId = await (await server.ClientForAsync("drafter")).StartAsync(definitionId);
        var start = DateTimeOffset.UtcNow.AddDays(1);
        var sent = Enumerable.Range(0, OutboxList.CountLimit + 5).Select(i => Message(instanceId, $"sent-{i:D5}", start.AddSeconds(i), OutboxState.Sent));
        await WriteAsync(server, [.. sent, Message(instanceId, "failed-old", start.AddSeconds(-10), OutboxState.Failed),
            Message(instanceId, "failed-new", start.AddSeconds(OutboxList.CountLimit + 10), OutboxState.Failed)]);
        var admin = await server.ClientForAsync("admin");

        var first = await (await admin.GetAsync("/api/email/outbox?pageSize=3")).ExpectObjectAsync(HttpStatusCode.OK);
        var second = await (await admin.GetAsync("/api/email/outbox?page=2&pageSize=3")).ExpectObjectAsync(HttpStatusCode.OK);
        var failed = await (await admin.GetAsync("/api/email/outbox?state=Failed")).ExpectObjectAsync(HttpStatusCode.OK);
        var ofTheMatter = await (await admin.GetAsync($"/api/email/outbox?instanceId={instanceId}&state=Failed&pageSize=1")).ExpectObjectAsync(HttpStatusCode.OK);

        Assert.Equal(["failed-new", $"sent-{OutboxList.CountLimit + 4:D5}", $"sent-{OutboxList.CountLimit + 3:D5}"], Ids(first));
        Assert.Equal([$"sent-{OutboxList.CountLimit + 2:D5}", $"sent-{OutboxList.CountLimit + 1:D5}", $"sent-{OutboxList.CountLimit:D5}"], Ids(second));
        Assert.Equal(OutboxList.CountLimit, first["total"]!.GetValue<int>());
        Assert.True(first["totalCapped"]!.GetValue<bool>(), "more e-mails than the limit, but the list did not say the count stopped");
        Assert.Equal(["failed-new", "failed-old"], Ids(failed));
        Assert.Equal(2, failed["total"]!.GetValue<int>());
        Assert.False(failed["totalCapped"]!.GetValue<bool>());
        Assert.Equal(2, ofTheMatter["total"]!.GetValue<int>());
        Assert.Equal(["failed-new"], Ids(ofTheMatter));
    }

    /// <summary>The page's e-mails by the names the test gave them (their ids less the matter's, which keeps them apart).</summary>
    private static string[] Ids(JsonObject page) => [.. page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>().Split('/')[^1])];

    private static OutboxMessage Message(string instanceId, string id, DateTimeOffset createdAt, OutboxState state) => new()
    {
        Id = $"{instanceId}/{id}",
        InstanceId = instanceId,
        ActivityId = "review",
        Kind = SideEffectKinds.Email,
        Payload = """{ "to": ["reader@example.gov.cn"], "subject": "一年的邮件", "body": "正文" }""",
        CreatedAt = createdAt,
        State = state,
        Attempts = 1,
        LastError = state == OutboxState.Failed ? "550 mailbox unavailable" : null,
    };

    private static async Task WriteAsync(ServerFactory server, IReadOnlyList<OutboxMessage> messages)
    {
        await using var db = await server.Services.GetRequiredService<IDbContextFactory<WorkflowsDbContext>>().CreateDbContextAsync();
        db.Outbox.AddRange(messages);
        await db.SaveChangesAsync();
    }
}
