using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Persistence;
using Workflows.Persistence.Tasks;
using Workflows.Server.Tasks;

namespace Workflows.Server.Tests.Tasks;

/// <summary>The inbox's search term <c>q</c>, matched in the database over the step, the matter, the procedure and the starter.</summary>
public sealed class InboxSearchTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private const string Agree = """{ "outcome": "approve", "data": { "opinion": "符合要求" } }""";

    private static string PolicyReview(string definitionId) => $$$"""
        {
          "definitionId": "{{{definitionId}}}", "name": "公平竞争抽查 {{{definitionId}}}",
          "metadata": { "matterTitle": "《{{ input.policy }}》" },
          "inputs": [ { "name": "policy", "label": "政策名称", "type": "text", "required": true } ],
          "root": {
            "type": "Flowchart",
            "activities": [
              { "id": "start", "type": "Start" },
              { "id": "check", "type": "UserTask", "inputs": {
                  "title": { "type": "Literal", "value": "抽查初审" },
                  "assignTo": { "type": "Literal", "value": { "users": ["fair-center"] } },
                  "outcomes": { "type": "Literal", "value": [ { "name": "approve", "label": "通过" } ] },
                  "form": { "type": "Literal", "value": { "fields": [ { "name": "opinion", "label": "意见", "type": "textarea", "required": true } ] } } } },
              { "id": "done", "type": "End" }
            ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "check", "port": "In" } },
              { "source": { "activity": "check", "port": "approve" }, "target": { "activity": "done", "port": "In" } }
            ]
          }
        }
        """;

    private static async Task<List<string>> FoundAsync(HttpClient client, string scope, string q) =>
        [.. ((JsonArray)(await (await client.GetAsync($"/api/tasks?scope={scope}&pageSize=200&q={Uri.EscapeDataString(q)}")).ExpectObjectAsync(HttpStatusCode.OK))["items"]!)
            .Select(t => (string)t!["instanceId"]!)];

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task ASearchFindsMatters_ByTheirTitle_Procedure_Starter_DepartmentAndStep_InTheDatabase(Provider provider)
    {
        var server = shared.For(provider);
        var id = Api.NewId("search");
        await server.PublishAsync(PolicyReview(id));
        var drafter = await server.ClientForAsync("drafter");
        var reviewer = await server.ClientForAsync("fair-center");
        var cars = await drafter.StartAsync(id, """{ "policy": "关于支持新能源汽车消费的若干措施" }""");
        var parking = await drafter.StartAsync(id, """{ "policy": "城区停车收费管理办法" }""");
        var both = new[] { cars, parking }.Order().ToList();

        Assert.Equal([cars], await FoundAsync(reviewer, "mine", "新能源"));
        Assert.Equal([parking], await FoundAsync(reviewer, "mine", "停车收费"));
        Assert.Equal(both, (await FoundAsync(reviewer, "mine", id.ToUpperInvariant())).Order());
        Assert.Equal(both, (await FoundAsync(reviewer, "mine", "褚经办")).Where(both.Contains).Order());
        Assert.Equal(both, (await FoundAsync(reviewer, "mine", "发展和改革")).Where(both.Contains).Order());
        Assert.Equal(both, (await FoundAsync(reviewer, "mine", "抽查初审")).Order());
        Assert.Empty(await FoundAsync(reviewer, "mine", "没有这样的事项"));
        Assert.Equal("《城区停车收费管理办法》", (string?)(await (await drafter.GetAsync($"/api/workflow-instances/{parking}")).ExpectObjectAsync(HttpStatusCode.OK))["title"]);

        var task = (string)((JsonArray)(await (await reviewer.GetAsync($"/api/tasks?instanceId={cars}")).ExpectObjectAsync(HttpStatusCode.OK))["items"]!)[0]!["id"]!;
        await (await reviewer.PostJsonAsync($"/api/tasks/{task}/complete", Agree)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal([cars], await FoundAsync(reviewer, "done", "新能源"));
        Assert.Empty(await FoundAsync(reviewer, "done", "停车收费"));
        Assert.Equal([parking], await FoundAsync(reviewer, "mine", id));

        var tooLong = await (await reviewer.GetAsync($"/api/tasks?q={new string('查', InboxSearch.MaxLength + 1)}")).ExpectProblemAsync(HttpStatusCode.BadRequest, "search term");
        Assert.NotEmpty(tooLong.ErrorsFor("q"));
        Assert.Empty(await FoundAsync(await server.ClientForAsync("expert1"), "mine", "新能源"));
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task AMatterTitledTooLongForTheIndex_IsFoundByAnyPartOfItsTitle_InTheOpenAndDoneLists(Provider provider)
    {
        var server = shared.For(provider);
        var id = Api.NewId("search-long");
        await server.PublishAsync(PolicyReview(id));
        var drafter = await server.ClientForAsync("drafter");
        var reviewer = await server.ClientForAsync("fair-center");
        // The step's title and this matter's come to more than the index carries: only its row holds the whole text.
        var policy = $"关于{string.Concat(Enumerable.Repeat("城区老旧小区改造", 30))}的实施意见{id}末尾";
        Assert.True(TaskParticipantRecord.SearchTextOf("抽查初审", $"《{policy}》").Length > TaskParticipantRecord.IndexedSearchTextLength);
        var longTitled = await drafter.StartAsync(id, $$"""{ "policy": "{{policy}}" }""");
        var shortTitled = await drafter.StartAsync(id, $$"""{ "policy": "城区老旧小区改造补助办法{{id}}" }""");

        Assert.Equal([longTitled], await FoundAsync(reviewer, "mine", $"实施意见{id}末尾"));
        Assert.Equal([longTitled], await FoundAsync(reviewer, "mine", $"{id}末尾》"));
        Assert.Equal([shortTitled], await FoundAsync(reviewer, "mine", $"补助办法{id}"));
        Assert.Equal(new[] { longTitled, shortTitled }.Order(), (await FoundAsync(reviewer, "mine", id)).Order());

        var task = (string)((JsonArray)(await (await reviewer.GetAsync($"/api/tasks?instanceId={longTitled}")).ExpectObjectAsync(HttpStatusCode.OK))["items"]!)[0]!["id"]!;
        await (await reviewer.PostJsonAsync($"/api/tasks/{task}/complete", Agree)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal([longTitled], await FoundAsync(reviewer, "done", $"实施意见{id}末尾"));
        Assert.Empty(await FoundAsync(reviewer, "mine", $"实施意见{id}末尾"));
        Assert.Equal([shortTitled], await FoundAsync(reviewer, "mine", id));
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task ASearchMatchingMoreThanTheLimit_CountsUpToIt_SaysThereAreMore_AndStillServesLaterPages(Provider provider)
    {
        var server = shared.For(provider);
        var id = Api.NewId("search-many");
        await server.PublishAsync(PolicyReview(id));
        var drafter = await server.ClientForAsync("drafter");
        var reviewer = await server.ClientForAsync("fair-center");
        for (var batch = 0; batch <= InboxSearch.CountLimit; batch += 10)
        {
            await Task.WhenAll(Enumerable.Range(batch, Math.Min(10, InboxSearch.CountLimit + 1 - batch))
                .Select(i => drafter.StartAsync(id, $$"""{ "policy": "{{id}} 第{{i:D3}}号 城区菜市场管理办法" }""")));
        }

        async Task<JsonObject> SearchAsync(string q, int page) =>
            await (await reviewer.GetAsync($"/api/tasks?scope=mine&pageSize=20&page={page}&q={Uri.EscapeDataString(q)}")).ExpectObjectAsync(HttpStatusCode.OK);
        var first = await SearchAsync(id, 1);
        Assert.Equal(InboxSearch.CountLimit, (int)first["total"]!);
        Assert.True((bool)first["totalCapped"]!);
        // The 101st match is on page 6, beyond the counted hundred: paging does not stop at the count.
        var sixth = await SearchAsync(id, 6);
        Assert.Single((JsonArray)sixth["items"]!);
        var seen = new HashSet<string>();
        for (var page = 1; page <= 6; page++)
        {
            seen.UnionWith(((JsonArray)(await SearchAsync(id, page))["items"]!).Select(t => (string)t!["id"]!));
        }
        Assert.Equal(InboxSearch.CountLimit + 1, seen.Count);

        var narrower = await SearchAsync($"{id} 第05", 1);
        Assert.Equal(10, (int)narrower["total"]!);
        Assert.False((bool)narrower["totalCapped"]!);
        var unsearched = await (await reviewer.GetAsync("/api/tasks?scope=mine&pageSize=1")).ExpectObjectAsync(HttpStatusCode.OK);
        Assert.True((int)unsearched["total"]! > InboxSearch.CountLimit);
        Assert.False((bool)unsearched["totalCapped"]!);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task MattersStartedBeforeTitlesWereStored_GetTheirTitleAtTheNextStart_AndAreFound(Provider provider)
    {
        ServerFactory.SkipUnlessAvailable(provider);
        await using var database = new ServerFactory(provider);
        var id = Api.NewId("search-old");
        string old;
        await using (var before = new ServerFactory(database))
        {
            await before.PublishAsync(PolicyReview(id));
            old = await (await before.ClientForAsync("drafter")).StartAsync(id, """{ "policy": "旧版登记的农贸市场管理规定" }""");
            // As a database upgraded from a version that did not store titles leaves the row.
            await using var scope = before.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
            await db.Instances.Where(i => i.Id == old).ExecuteUpdateAsync(s => s.SetProperty(i => i.Title, (string?)null));
            await db.TaskParticipants.Where(p => db.Tasks.Any(t => t.Id == p.TaskId && t.InstanceId == old))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(p => p.SearchText, TaskParticipantRecord.SearchTextOf("抽查初审", null))
                    .SetProperty(p => p.IndexedSearchText, TaskParticipantRecord.SearchTextOf("抽查初审", null)));
            Assert.Empty(await FoundAsync(await before.ClientForAsync("fair-center"), "mine", "农贸市场"));
        }

        await using var after = new ServerFactory(database);
        var found = await FoundAsync(await after.ClientForAsync("fair-center"), "mine", "农贸市场");

        Assert.Equal([old], found);
        await using var check = after.Services.CreateAsyncScope();
        Assert.Equal("《旧版登记的农贸市场管理规定》",
            await check.ServiceProvider.GetRequiredService<WorkflowsDbContext>().Instances.Where(i => i.Id == old).Select(i => i.Title).SingleAsync());
    }
}
