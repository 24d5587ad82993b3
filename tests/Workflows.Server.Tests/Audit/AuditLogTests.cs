using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Persistence;
using Workflows.Server.Tests.Tasks;

namespace Workflows.Server.Tests.Audit;

/// <summary>Issue 14, 安全审计: security events are recorded, searchable, exportable and chained against tampering.</summary>
public sealed class AuditLogTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private static async Task<JsonArray> SearchAsync(HttpClient admin, string query) =>
        (await (await admin.GetAsync($"/api/audit?{query}")).ExpectObjectAsync(HttpStatusCode.OK))["items"]!.AsArray();

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task SignIns_SucceededOrFailed_AreRecordedWithTheAddress(Provider provider)
    {
        var server = shared.For(provider);
        var (userName, _) = await server.NewUserAsync();
        await (await server.PostTokenFromAsync("203.0.113.55", userName, "wrong-guess")).ExpectAsync(HttpStatusCode.Unauthorized);
        await (await server.PostTokenFromAsync("203.0.113.55", userName, Setup.UserPassword)).ExpectAsync(HttpStatusCode.OK);
        var admin = await server.ClientForAsync("admin");

        var records = await SearchAsync(admin, $"user={userName}&action=auth.");

        Assert.Contains(records, r => (string?)r!["action"] == "auth.sign-in-failed" && (string?)r["address"] == "203.0.113.55");
        Assert.Contains(records, r => (string?)r!["action"] == "auth.sign-in" && (string?)r["address"] == "203.0.113.55" && (string?)r["actor"] == userName);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task AChangeOfAPerson_IsRecordedWithWhoAndBeforeAndAfter(Provider provider)
    {
        var server = shared.For(provider);
        var (userName, _) = await server.NewUserAsync("designer");
        var admin = await server.ClientForAsync("admin");
        await (await admin.PutJsonAsync($"/api/org/users/{userName}", """{ "roles": [] }""")).ExpectAsync(HttpStatusCode.OK);

        var record = (await SearchAsync(admin, $"user={userName}&action=org.user.update")).Single()!;

        Assert.Equal("admin", (string?)record["actor"]);
        var details = JsonNode.Parse((string)record["details"]!)!;
        Assert.Equal(["designer"], details["before"]!["roles"]!.AsArray().Select(r => (string)r!));
        Assert.Empty(details["after"]!["roles"]!.AsArray());
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task PublishingCancellingAndAnAdminReadingAnothersTask_AreRecorded(Provider provider)
    {
        var server = shared.For(provider);
        var definitionId = Api.NewId("audited");
        await server.PublishAsync(TaskFlows.OneTask(definitionId, """{ "users": ["expert1"] }"""));
        var instanceId = await (await server.ClientForAsync("drafter")).StartAsync(definitionId);
        var admin = await server.ClientForAsync("admin");
        var taskId = (string)(await (await admin.GetAsync($"/api/tasks?scope=all&instanceId={instanceId}")).ExpectObjectAsync(HttpStatusCode.OK))["items"]![0]!["id"]!;
        await (await admin.GetAsync($"/api/tasks/{taskId}")).ExpectAsync(HttpStatusCode.OK);
        await (await admin.PostJsonAsync($"/api/workflow-instances/{instanceId}/cancel", """{ "reason": "测试" }""")).ExpectAsync(HttpStatusCode.OK);

        var records = await SearchAsync(admin, "pageSize=200");

        Assert.Contains(records, r => (string?)r!["action"] == "definition.publish" && (string?)r["target"] == definitionId && (string?)r["actor"] == "designer");
        Assert.Contains(records, r => (string?)r!["action"] == "task.read-by-admin" && (string?)r["target"] == taskId);
        Assert.Contains(records, r => (string?)r!["action"] == "instance.cancel" && (string?)r["target"] == instanceId);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task APageFarBeyondTheLast_OfTheAuditLogOrTheOutbox_IsAnEmptyPage(Provider provider)
    {
        var admin = await shared.For(provider).ClientForAsync("admin");

        Assert.Empty(await SearchAsync(admin, $"page={int.MaxValue}&pageSize=200"));
        Assert.NotEmpty(await SearchAsync(admin, "page=1&pageSize=200"));
        var outbox = await (await admin.GetAsync($"/api/email/outbox?page={int.MaxValue}&pageSize=500")).ExpectObjectAsync(HttpStatusCode.OK);
        Assert.Empty(outbox["items"]!.AsArray());
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task TheAuditLog_IsForAdministratorsOnly(Provider provider)
    {
        var designer = await shared.For(provider).ClientForAsync("designer");

        await (await designer.GetAsync("/api/audit")).ExpectAsync(HttpStatusCode.Forbidden);
        await (await designer.GetAsync("/api/audit/export")).ExpectAsync(HttpStatusCode.Forbidden);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task TheExport_IsCsvWithTheChain(Provider provider)
    {
        var admin = await shared.For(provider).ClientForAsync("admin");

        var response = await admin.GetAsync("/api/audit/export?action=auth.");
        var csv = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("sequence,at,actor,address,action,target,details,previousHash,hash", csv.TrimStart('\uFEFF'));
        Assert.Contains("auth.sign-in", csv);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Verification_FindsTheFirstRecordChangedBehindTheApplicationsBack(Provider provider)
    {
        ServerFactory.SkipUnlessAvailable(provider);
        // A server of its own: this test tampers with its audit table.
        await using var server = new ServerFactory(provider);
        var admin = await server.ClientForAsync("admin");
        // Appends racing from many requests still make one unbroken chain.
        await Task.WhenAll(Enumerable.Range(0, 12).Select(i => server.PostTokenFromAsync($"203.0.113.{i + 1}", "admin", $"wrong-{i}")));
        var intact = await (await admin.GetAsync("/api/audit/verify")).ExpectObjectAsync(HttpStatusCode.OK);
        var victim = (long)intact["checked"]! / 2;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
            await db.Audit.Where(a => a.Sequence == victim).ExecuteUpdateAsync(s => s.SetProperty(a => a.Actor, "someone-else"));
        }

        var broken = await (await admin.GetAsync("/api/audit/verify")).ExpectObjectAsync(HttpStatusCode.OK);

        Assert.True((long)intact["checked"]! >= 13, intact.ToJsonString());
        Assert.Null((long?)intact["brokenAt"]);
        Assert.Equal(victim, (long?)broken["brokenAt"]);
        Assert.Contains("was changed after it was written", (string?)broken["reason"]);
    }
}
