using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Persistence.Tests;
using Workflows.Server.Tests.Tasks;

namespace Workflows.Server.Tests.Instances.Migration;

/// <summary>迁移 through the REST API: dry run first, one matter or all of a version, and a race with a task's completion.</summary>
public sealed class MigrationApiTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private const string RenameReview = """{ "review": "examine" }""";

    /// <summary>Version 1: review (expert1) → approved | returned. Version 2: the same with review renamed to examine.</summary>
    private static async Task<string> PublishTwoVersionsAsync(ServerFactory server, Func<HttpClient, string, Task>? between = null)
    {
        var definitionId = Api.NewId("migrate");
        var v1 = TaskFlows.OneTask(definitionId, """{ "users": ["expert1"] }""");
        await server.PublishAsync(v1);
        if (between is not null)
        {
            await between(await server.ClientForAsync("drafter"), definitionId);
        }
        var designer = await server.ClientForAsync("designer");
        await (await designer.PutJsonAsync($"/api/workflow-definitions/{definitionId}", v1.Replace("\"review\"", "\"examine\"", StringComparison.Ordinal)))
            .ExpectAsync(HttpStatusCode.OK);
        await (await designer.PostAsync($"/api/workflow-definitions/{definitionId}/publish", null)).ExpectAsync(HttpStatusCode.OK);
        return definitionId;
    }

    private static async Task<string> TaskOfAsync(ServerFactory server, string instanceId, string user = "expert1")
    {
        var tasks = await (await (await server.ClientForAsync(user)).GetAsync($"/api/tasks?scope=mine&instanceId={instanceId}")).ExpectObjectAsync(HttpStatusCode.OK);
        return (string)tasks["items"]![0]!["id"]!;
    }

    [Fact]
    public async Task ADryRun_ReportsTheMove_ThenTheMigrationMovesTheTaskWithItsPerson()
    {
        var server = shared.Factory;
        var instances = new List<string>();
        var definitionId = await PublishTwoVersionsAsync(server, async (drafter, id) => instances.Add(await drafter.StartAsync(id)));
        var admin = await server.ClientForAsync("admin");
        var url = $"/api/workflow-instances/{instances[0]}/migrate";

        var dry = await (await admin.PostJsonAsync($"{url}?dryRun=true", $$"""{ "toVersion": 2, "activityMap": {{RenameReview}} }""")).ExpectObjectAsync(HttpStatusCode.OK);
        var unchanged = await (await admin.GetAsync($"/api/workflow-instances/{instances[0]}")).ExpectObjectAsync(HttpStatusCode.OK);
        var done = await (await admin.PostJsonAsync(url, $$"""{ "toVersion": 2, "activityMap": {{RenameReview}}, "reason": "新版本" }""")).ExpectObjectAsync(HttpStatusCode.OK);

        Assert.Equal((false, "examine"), ((bool)dry["migrated"]!, (string)dry["moves"]![0]!["to"]!));
        Assert.Equal(1, (int)unchanged["definitionVersion"]!);
        Assert.True((bool)done["migrated"]!);
        var moved = await (await admin.GetAsync($"/api/workflow-instances/{instances[0]}")).ExpectObjectAsync(HttpStatusCode.OK);
        Assert.Equal((2, "examine"), ((int)moved["definitionVersion"]!, (string)moved["activeActivityIds"]![0]!));
        var taskId = await TaskOfAsync(server, instances[0]);
        await (await (await server.ClientForAsync("expert1")).PostJsonAsync($"/api/tasks/{taskId}/complete", """{ "outcome": "approve", "data": { "opinion": "同意" } }"""))
            .ExpectAsync(HttpStatusCode.OK);
        var journal = (await (await admin.GetAsync($"/api/workflow-instances/{instances[0]}/journal")).ExpectAsync(HttpStatusCode.OK)).AsArray();
        Assert.Single(journal, e => (string)e!["event"]! == "InstanceMigrated");
    }

    [Fact]
    public async Task WithoutTheMap_TheMatterIsRefusedWithTheReason_AndAMapToAStepThatDoesNotExistIs400()
    {
        var server = shared.Factory;
        var instances = new List<string>();
        await PublishTwoVersionsAsync(server, async (drafter, id) => instances.Add(await drafter.StartAsync(id)));
        var admin = await server.ClientForAsync("admin");
        var url = $"/api/workflow-instances/{instances[0]}/migrate";

        var refused = await (await admin.PostJsonAsync(url, """{ "toVersion": 2 }""")).ExpectProblemAsync(HttpStatusCode.Conflict, "'review'");
        var invalid = await (await admin.PostJsonAsync(url, """{ "toVersion": 2, "activityMap": { "review": "nowhere" } }""")).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.PostJsonAsync(url, """{ "toVersion": 9 }""")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await (await server.ClientForAsync("designer")).PostJsonAsync(url, """{ "toVersion": 2 }""")).ExpectAsync(HttpStatusCode.Forbidden);

        Assert.NotNull(refused["problems"]);
        Assert.NotEmpty(invalid.ErrorsFor("activityMap"));
        var unchanged = await (await admin.GetAsync($"/api/workflow-instances/{instances[0]}")).ExpectObjectAsync(HttpStatusCode.OK);
        Assert.Equal(1, (int)unchanged["definitionVersion"]!);
    }

    [Fact]
    public async Task TheBulkForm_MovesEveryRunningMatterOfTheVersion_AndReportsEach()
    {
        var server = shared.Factory;
        var instances = new List<string>();
        var definitionId = await PublishTwoVersionsAsync(server, async (drafter, id) =>
        {
            instances.Add(await drafter.StartAsync(id));
            instances.Add(await drafter.StartAsync(id));
        });
        var admin = await server.ClientForAsync("admin");
        var designer = await server.ClientForAsync("designer");
        var body = $$"""{ "fromVersion": 1, "toVersion": 2, "activityMap": {{RenameReview}}, "instanceIds": null }""";

        var dry = await (await admin.PostJsonAsync($"/api/workflow-definitions/{definitionId}/migrate?dryRun=true", body)).ExpectObjectAsync(HttpStatusCode.OK);
        var countsBefore = (await (await designer.GetAsync($"/api/workflow-definitions/{definitionId}/running")).ExpectAsync(HttpStatusCode.OK)).AsArray();
        var done = await (await admin.PostJsonAsync($"/api/workflow-definitions/{definitionId}/migrate", body)).ExpectObjectAsync(HttpStatusCode.OK);
        var countsAfter = (await (await designer.GetAsync($"/api/workflow-definitions/{definitionId}/running")).ExpectAsync(HttpStatusCode.OK)).AsArray();

        Assert.Equal((true, 0, 2), ((bool)dry["dryRun"]!, (int)dry["migrated"]!, dry["instances"]!.AsArray().Count));
        Assert.Equal([(1, 2)], countsBefore.Select(c => ((int)c!["version"]!, (int)c["running"]!)));
        Assert.Equal((2, 0), ((int)done["migrated"]!, (int)done["refused"]!));
        Assert.Equal([(2, 2)], countsAfter.Select(c => ((int)c!["version"]!, (int)c["running"]!)));
    }

    [Fact]
    public async Task EveryMatterMoved_IsAudited_AndTheBulkMoveOnceMore_ButDryRunsAndRefusalsAreNot()
    {
        var server = shared.Factory;
        var instances = new List<string>();
        var definitionId = await PublishTwoVersionsAsync(server, async (drafter, id) =>
        {
            for (var i = 0; i < 3; i++)
            {
                instances.Add(await drafter.StartAsync(id));
            }
        });
        var admin = await server.ClientForAsync("admin");
        var single = $$"""{ "toVersion": 2, "activityMap": {{RenameReview}}, "reason": "新版本" }""";
        var bulk = $$"""{ "fromVersion": 1, "toVersion": 2, "activityMap": {{RenameReview}}, "instanceIds": null, "reason": "全部迁移" }""";

        await (await admin.PostJsonAsync($"/api/workflow-instances/{instances[0]}/migrate?dryRun=true", single)).ExpectAsync(HttpStatusCode.OK);
        await (await admin.PostJsonAsync($"/api/workflow-instances/{instances[0]}/migrate", """{ "toVersion": 2 }""")).ExpectProblemAsync(HttpStatusCode.Conflict);
        await (await admin.PostJsonAsync($"/api/workflow-definitions/{definitionId}/migrate?dryRun=true", bulk)).ExpectAsync(HttpStatusCode.OK);
        var nothingYet = await MigrationAuditAsync(admin, definitionId, instances);
        await (await admin.PostJsonAsync($"/api/workflow-instances/{instances[0]}/migrate", single)).ExpectAsync(HttpStatusCode.OK);
        await (await admin.PostJsonAsync($"/api/workflow-definitions/{definitionId}/migrate", bulk)).ExpectAsync(HttpStatusCode.OK);
        var records = await MigrationAuditAsync(admin, definitionId, instances);

        Assert.Empty(nothingYet);
        Assert.Equal(instances.Select(i => ("instance.migrate", i)).Append(("definition.migrate", definitionId)),
            records.Select(r => ((string)r["action"]!, (string)r["target"]!)));
        Assert.All(records, r => Assert.Equal("admin", (string)r["actor"]!));
        var first = JsonNode.Parse((string)records[0]["details"]!)!;
        Assert.Equal((1, 2, "新版本", "review → examine"), ((int)first["fromVersion"]!, (int)first["toVersion"]!, (string)first["reason"]!, (string)first["moves"]![0]!));
        var whole = JsonNode.Parse((string)records[^1]["details"]!)!;
        Assert.Equal((2, 0, "全部迁移"), ((int)whole["migrated"]!, (int)whole["refused"]!, (string)whole["reason"]!));
    }

    /// <summary>The audit log's migration records of the definition and its matters, oldest first, read through its API.</summary>
    private static async Task<List<JsonObject>> MigrationAuditAsync(HttpClient admin, string definitionId, IEnumerable<string> instances)
    {
        var records = new List<JsonObject>();
        foreach (var target in instances.Prepend(definitionId))
        {
            var page = await (await admin.GetAsync($"/api/audit?user={target}")).ExpectObjectAsync(HttpStatusCode.OK);
            records.AddRange(page["items"]!.AsArray().Select(r => r!.AsObject()).Where(r => ((string)r["action"]!).EndsWith("migrate", StringComparison.Ordinal)));
        }
        return [.. records.OrderBy(r => (long)r["sequence"]!)];
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task MigrationAndCompletionAtOnce_OneWins_TheOtherIs409(Provider provider)
    {
        ServerFactory.SkipUnlessAvailable(provider);
        var rendezvous = new LoadRendezvous("Instances", parties: 2);
        await using var server = new ServerFactory(provider) { TestServices = s => s.AddSingleton<IInterceptor>(rendezvous) };
        var instances = new List<string>();
        await PublishTwoVersionsAsync(server, async (drafter, id) => instances.Add(await drafter.StartAsync(id)));
        var taskId = await TaskOfAsync(server, instances[0]);
        var (admin, expert1) = (await server.ClientForAsync("admin"), await server.ClientForAsync("expert1"));

        rendezvous.Armed = true;
        var answers = await Task.WhenAll(
            admin.PostJsonAsync($"/api/workflow-instances/{instances[0]}/migrate", $$"""{ "toVersion": 2, "activityMap": {{RenameReview}} }"""),
            expert1.PostJsonAsync($"/api/tasks/{taskId}/complete", """{ "outcome": "approve", "data": { "opinion": "同意" } }"""));
        rendezvous.Armed = false;

        var after = await (await admin.GetAsync($"/api/workflow-instances/{instances[0]}")).ExpectObjectAsync(HttpStatusCode.OK);
        if (answers.All(a => a.StatusCode == HttpStatusCode.OK))
        {
            // The rendezvous counts reads of the table, not requests: when the completion's first read (its permission
            // check) met the migration's, its engine load came after the migration committed. Both then succeed, one
            // after the other: the completion must have acted on the migrated matter, never on the version it replaced.
            var events = (await (await admin.GetAsync($"/api/workflow-instances/{instances[0]}/journal")).ExpectAsync(HttpStatusCode.OK)).AsArray()
                .Select(e => (string)e!["event"]!).ToList();
            Assert.Equal(2, (int)after["definitionVersion"]!);
            Assert.True(events.IndexOf("InstanceMigrated") is >= 0 and var m && events.IndexOf("ActivityResumed") > m,
                $"the completion was not applied after the migration: {string.Join(", ", events)}");
            return;
        }
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
        var migrated = answers[0].StatusCode == HttpStatusCode.OK;
        Assert.Equal(migrated ? (2, "Running") : (1, "Completed"), ((int)after["definitionVersion"]!, (string)after["status"]!));
    }
}
