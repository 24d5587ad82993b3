using System.Net;
using System.Text.Json.Nodes;

namespace Workflows.Server.Tests.Tasks;

public sealed class TasksApiTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private const string Approve = """{ "outcome": "approve", "data": { "opinion": "同意发布" } }""";

    private static async Task<JsonArray> InboxAsync(HttpClient client, string scope, string instanceId) =>
        (JsonArray)(await (await client.GetAsync($"/api/tasks?scope={scope}&instanceId={instanceId}")).ExpectObjectAsync(HttpStatusCode.OK))["items"]!;

    private static async Task<(ServerFactory Server, string InstanceId, string TaskId, HttpClient Drafter)> StartAsync(
        SharedServer shared, Provider provider, string assignTo, string mode = "single", string extra = "")
    {
        var server = shared.For(provider);
        var definitionId = Api.NewId("task");
        await server.PublishAsync(TaskFlows.OneTask(definitionId, assignTo, mode, extra));
        var drafter = await server.ClientForAsync("drafter");
        var instanceId = await drafter.StartAsync(definitionId);
        var admin = await server.ClientForAsync("admin");
        var tasks = await InboxAsync(admin, "all", instanceId);
        return (server, instanceId, (string)Assert.Single(tasks)!["id"]!, drafter);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task RoleTask_IsOfferedToMembers_ClaimedByOne_AndHiddenFromOthers(Provider provider)
    {
        var (server, instanceId, taskId, drafter) = await StartAsync(shared, provider, """{ "roles": ["health-expert"] }""");
        var expert1 = await server.ClientForAsync("expert1");
        var expert2 = await server.ClientForAsync("expert2");

        var offered = Assert.Single(await InboxAsync(expert1, "candidate", instanceId))!;
        Assert.Equal(["health-expert"], offered["candidateRoles"]!.AsArray().Select(r => (string)r!));
        await (await drafter.GetAsync($"/api/tasks/{taskId}")).ExpectProblemAsync(HttpStatusCode.NotFound, taskId);
        await (await drafter.PostJsonAsync($"/api/tasks/{taskId}/complete", Approve)).ExpectProblemAsync(HttpStatusCode.NotFound);

        await (await expert1.PostAsync($"/api/tasks/{taskId}/claim", null)).ExpectAsync(HttpStatusCode.OK);

        Assert.Single(await InboxAsync(expert1, "mine", instanceId));
        Assert.Empty(await InboxAsync(expert2, "candidate", instanceId));
        // Once claimed, the task is expert1's alone: the others can neither read nor act on it, and hear who has it.
        await (await expert2.GetAsync($"/api/tasks/{taskId}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await expert2.PostJsonAsync($"/api/tasks/{taskId}/complete", Approve)).ExpectProblemAsync(HttpStatusCode.Conflict, "already claimed by expert1");
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task ATaskById_IsOpenedByThoseItReaches_ByEachKindOfOffer_AndByNobodyElse(Provider provider)
    {
        async Task ExpectSeenAsync(string taskId, IEnumerable<string> readers, IEnumerable<string> strangers)
        {
            var server = shared.For(provider);
            foreach (var reader in readers)
            {
                await (await (await server.ClientForAsync(reader)).GetAsync($"/api/tasks/{taskId}")).ExpectAsync(HttpStatusCode.OK);
            }
            foreach (var stranger in strangers)
            {
                var client = await server.ClientForAsync(stranger);
                await (await client.GetAsync($"/api/tasks/{taskId}")).ExpectProblemAsync(HttpStatusCode.NotFound, taskId);
                await (await client.PostAsync($"/api/tasks/{taskId}/claim", null)).ExpectProblemAsync(HttpStatusCode.NotFound, taskId);
            }
        }

        // Offered to a department: its members, not those of another.
        var (_, _, department, _) = await StartAsync(shared, provider, """{ "departments": ["health-committee"] }""");
        await ExpectSeenAsync(department, ["health-clerk", "expert1", "admin"], ["drafter", "finance"]);
        // A role within a department: its holders there and in the department's sub-departments, not the role elsewhere.
        var (_, _, scoped, _) = await StartAsync(shared, provider, """{ "roles": ["hazard-unit"], "department": "hazard-hotel" }""");
        await ExpectSeenAsync(scoped, ["hazard-unit-b", "hazard-guard-b"], ["hazard-unit", "industry-b"]);
        // A person: them alone, and still once they completed it.
        var (server, _, personal, _) = await StartAsync(shared, provider, """{ "users": ["expert1"] }""");
        await ExpectSeenAsync(personal, ["expert1"], ["expert2", "health-head"]);
        await (await (await server.ClientForAsync("expert1")).PostJsonAsync($"/api/tasks/{personal}/complete", Approve)).ExpectAsync(HttpStatusCode.OK);
        await ExpectSeenAsync(personal, ["expert1", "admin"], ["expert2"]);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Complete_NamesBadFormDataAndMissingComment_ThenCompletesOnceOnly(Provider provider)
    {
        var (server, instanceId, taskId, drafter) = await StartAsync(shared, provider, """{ "users": ["expert1"] }""");
        var expert1 = await server.ClientForAsync("expert1");

        var noData = await (await expert1.PostJsonAsync($"/api/tasks/{taskId}/complete", """{ "outcome": "approve" }"""))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "opinion");
        Assert.NotEmpty(noData.ErrorsFor("opinion"));
        await (await expert1.PostJsonAsync($"/api/tasks/{taskId}/complete", """{ "outcome": "return", "data": { "opinion": "x" } }"""))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "comment");
        await (await expert1.PostJsonAsync($"/api/tasks/{taskId}/complete", """{ "outcome": "maybe", "data": { "opinion": "x" } }"""))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "maybe");

        var done = await (await expert1.PostJsonAsync($"/api/tasks/{taskId}/complete", Approve)).ExpectObjectAsync(HttpStatusCode.OK);
        Assert.Equal(("Completed", "approve", "expert1"), ((string)done["status"]!, (string)done["outcome"]!, (string)done["closedBy"]!));

        await (await expert1.PostJsonAsync($"/api/tasks/{taskId}/complete", Approve)).ExpectProblemAsync(HttpStatusCode.Conflict, "completed");
        Assert.Single(await InboxAsync(expert1, "done", instanceId));
        Assert.Empty(await InboxAsync(expert1, "mine", instanceId));
        var instance = await (await drafter.GetAsync($"/api/workflow-instances/{instanceId}")).ExpectObjectAsync(HttpStatusCode.OK);
        Assert.Equal("approved", (string)instance["result"]!);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Done_ListsWhatThePersonDid_MostRecentFirst_WithTheirPartOfACountersignStillOpen(Provider provider)
    {
        var server = shared.For(provider);
        var single = Api.NewId("done-order");
        var together = Api.NewId("done-order-all");
        await server.PublishAsync(TaskFlows.OneTask(single, """{ "users": ["police-b"] }"""));
        await server.PublishAsync(TaskFlows.OneTask(together, """{ "users": ["police-b", "industry-b"] }""", mode: "all"));
        var drafter = await server.ClientForAsync("drafter");
        var policeB = await server.ClientForAsync("police-b");
        var first = await drafter.StartAsync(single);
        var countersign = await drafter.StartAsync(together);
        var last = await drafter.StartAsync(single);
        async Task CompleteAsync(string instanceId) =>
            await (await policeB.PostJsonAsync($"/api/tasks/{(string)Assert.Single(await InboxAsync(policeB, "mine", instanceId))!["id"]!}/complete", Approve))
                .ExpectAsync(HttpStatusCode.OK);

        await CompleteAsync(first);
        await CompleteAsync(countersign);
        await CompleteAsync(last);
        var page = await (await policeB.GetAsync("/api/tasks?scope=done&pageSize=3")).ExpectObjectAsync(HttpStatusCode.OK);
        var second = await (await policeB.GetAsync("/api/tasks?scope=done&pageSize=1&page=2")).ExpectObjectAsync(HttpStatusCode.OK);

        // Newest first: the countersign is still open (industry-b has not signed) but police-b's part of it is done.
        Assert.Equal([last, countersign, first], page["items"]!.AsArray().Select(t => (string)t!["instanceId"]!));
        Assert.Equal("Open", (string)page["items"]![1]!["status"]!);
        Assert.True((int)page["total"]! >= 3);
        Assert.Equal(countersign, (string)second["items"]![0]!["instanceId"]!);
        Assert.Empty(await InboxAsync(await server.ClientForAsync("industry-b"), "done", countersign));
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Done_IsCountedUpToItsLimit_SaysThereAreMore_AndStillServesEveryPage(Provider provider)
    {
        ServerFactory.SkipUnlessAvailable(provider);
        await using var server = new ServerFactory(provider);
        server.Settings["Workflows:Inbox:DoneCountLimit"] = "2";
        var definitionId = Api.NewId("done-count");
        await server.PublishAsync(TaskFlows.OneTask(definitionId, """{ "users": ["police-b"] }"""));
        var drafter = await server.ClientForAsync("drafter");
        var policeB = await server.ClientForAsync("police-b");
        var started = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var instanceId = await drafter.StartAsync(definitionId);
            await (await policeB.PostJsonAsync($"/api/tasks/{(string)Assert.Single(await InboxAsync(policeB, "mine", instanceId))!["id"]!}/complete", Approve))
                .ExpectAsync(HttpStatusCode.OK);
            started.Add(instanceId);
        }
        async Task<JsonObject> DoneAsync(string query) =>
            await (await policeB.GetAsync($"/api/tasks?scope=done&{query}")).ExpectObjectAsync(HttpStatusCode.OK);

        var first = await DoneAsync("pageSize=1");
        Assert.Equal(2, (int)first["total"]!);
        Assert.True((bool)first["totalCapped"]!);
        // The third task is beyond the count, and its page is served all the same.
        var pages = new List<string>();
        for (var page = 1; page <= 3; page++)
        {
            pages.Add((string)Assert.Single((await DoneAsync($"pageSize=1&page={page}"))["items"]!.AsArray())!["instanceId"]!);
        }
        Assert.Equal(started.AsEnumerable().Reverse(), pages);
        Assert.Empty((await DoneAsync("pageSize=1&page=4"))["items"]!.AsArray());
        // A search is capped by the lower of its own limit and this one; a list narrowed to one matter counts it exactly.
        var searched = await DoneAsync($"q={Uri.EscapeDataString("专家审查")}");
        Assert.Equal((2, true), ((int)searched["total"]!, (bool)searched["totalCapped"]!));
        var oneMatter = await DoneAsync($"instanceId={started[1]}");
        Assert.Equal((1, false), ((int)oneMatter["total"]!, (bool)oneMatter["totalCapped"]!));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("2147483647")]
    public async Task ADoneCountLimitOutOfRange_StopsTheServerAtStart_NamingIt(string value)
    {
        await using var server = new ServerFactory();
        server.Settings["Workflows:Inbox:DoneCountLimit"] = value;

        var error = Assert.ThrowsAny<Exception>(() => server.CreateClient());

        Assert.Contains("Workflows:Inbox:DoneCountLimit", error.ToString(), StringComparison.Ordinal);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task OpenInboxes_AndTheAdministratorsList_ListTheMostUrgentFirst_UndatedLast_EachTaskOnce_AndPageInThatOrder(Provider provider)
    {
        var server = shared.For(provider);
        var drafter = await server.ClientForAsync("drafter");
        // Offered to expert1's role, to expert1's department, or to both (two offers, one task in the list): the list
        // merges what reaches them each way, in one order.
        const string ToRole = """{ "roles": ["health-expert"] }""";
        const string ToDepartment = """{ "departments": ["health-committee"] }""";
        const string ToBoth = """{ "roles": ["health-expert"], "departments": ["health-committee"] }""";
        var started = new Dictionary<string, string>();
        foreach (var (name, due, offeredTo) in new[] { ("undated", "null", ToDepartment), ("five-days", "5", ToRole), ("two-days", "2", ToBoth) })
        {
            var signed = Api.NewId(name);
            var offered = Api.NewId(name + "-offer");
            await server.PublishAsync(TaskFlows.OneTask(signed, """{ "users": ["expert2"] }""", due: due));
            await server.PublishAsync(TaskFlows.OneTask(offered, offeredTo, due: due));
            started[name] = await drafter.StartAsync(signed);
            started[name + "-offer"] = await drafter.StartAsync(offered);
        }

        foreach (var (person, scope, suffix) in new[] { ("expert2", "mine", ""), ("expert1", "candidate", "-offer") })
        {
            var client = await server.ClientForAsync(person);
            var whole = await (await client.GetAsync($"/api/tasks?scope={scope}&pageSize=200")).ExpectObjectAsync(HttpStatusCode.OK);
            var items = whole["items"]!.AsArray();
            var order = items.Select(i => (string)i!["instanceId"]!).ToList();
            var ours = order.Where(started.ContainsValue).ToList();

            Assert.Equal([started["two-days" + suffix], started["five-days" + suffix], started["undated" + suffix]], ours);
            Assert.Equal(order.Count, order.Distinct().Count());
            Assert.Equal(order.Count, (int)whole["total"]!);
            var dues = items.Select(i => (DateTimeOffset?)i!["dueAt"]).ToList();
            Assert.Equal([.. dues.OrderBy(d => d is null).ThenBy(d => d)], dues);
            Assert.Null(dues[^1]);
            for (var page = 1; page <= order.Count; page++)
            {
                var one = await (await client.GetAsync($"/api/tasks?scope={scope}&pageSize=1&page={page}")).ExpectObjectAsync(HttpStatusCode.OK);
                Assert.Equal(order[page - 1], (string)Assert.Single(one["items"]!.AsArray())!["instanceId"]!);
            }
        }

        // The administrator's open tasks of the whole office: the same order, read in the order of the tasks' own index.
        var admin = await server.ClientForAsync("admin");
        var all = await (await admin.GetAsync("/api/tasks?scope=all&pageSize=200")).ExpectObjectAsync(HttpStatusCode.OK);
        var allItems = all["items"]!.AsArray();
        var allDues = allItems.Select(i => (DateTimeOffset?)i!["dueAt"]).ToList();
        Assert.Equal([.. allDues.OrderBy(d => d is null).ThenBy(d => d)], allDues);
        var allIds = allItems.Select(i => (string)i!["id"]!).ToList();
        Assert.Equal(allIds.Count, allIds.Distinct().Count());
        Assert.InRange(allIds.Count, 6, (int)all["total"]!);
        var allMatters = allItems.Select(i => (string)i!["instanceId"]!).Where(started.ContainsValue).ToList();
        Assert.Equal([started["two-days"], started["two-days-offer"], started["five-days"], started["five-days-offer"], started["undated"], started["undated-offer"]], allMatters);
        for (var page = 1; page <= Math.Min(allIds.Count, 12); page++)
        {
            var one = await (await admin.GetAsync($"/api/tasks?scope=all&pageSize=1&page={page}")).ExpectObjectAsync(HttpStatusCode.OK);
            Assert.Equal(allIds[page - 1], (string)Assert.Single(one["items"]!.AsArray())!["id"]!);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task AnOfferedList_ListsEachTaskOnce_InOrder_ThroughFewOrManyRoles(Provider provider)
    {
        // Up to six ways of reaching a person are read by one compiled statement, padded with keys no row has; more are
        // read by a statement built for them. Both must list the same way.
        var server = shared.For(provider);
        var admin = await server.ClientForAsync("admin");
        var roles = Enumerable.Range(1, 7).Select(i => Api.NewId($"offer-role{i}")).ToList();
        foreach (var role in roles)
        {
            await (await admin.PostJsonAsync("/api/org/roles", $$"""{ "name": "{{role}}", "displayName": "角色 {{role}}" }""")).ExpectAsync(HttpStatusCode.Created);
        }
        var (_, few) = await server.NewUserAsync([.. roles.Take(3)]);
        var (_, many) = await server.NewUserAsync([.. roles]);
        var (_, none) = await server.NewUserAsync();
        var drafter = await server.ClientForAsync("drafter");
        var started = new Dictionary<string, string>();
        foreach (var (name, due, offeredTo) in new[] { ("first", "5", new[] { roles[0] }), ("last", "2", [roles[6]]), ("several", "3", [roles[0], roles[1], roles[6]]), ("fourth", "null", [roles[3]]) })
        {
            var definitionId = Api.NewId(name);
            var offer = new JsonObject { ["roles"] = new JsonArray([.. offeredTo.Select(r => JsonValue.Create(r))]) };
            await server.PublishAsync(TaskFlows.OneTask(definitionId, offer.ToJsonString(), due: due));
            started[name] = await drafter.StartAsync(definitionId);
        }

        foreach (var (client, expected) in new[] { (few, new[] { "several", "first" }), (many, ["last", "several", "first", "fourth"]), (none, []) })
        {
            var whole = await (await client.GetAsync("/api/tasks?scope=candidate&pageSize=50")).ExpectObjectAsync(HttpStatusCode.OK);
            var order = whole["items"]!.AsArray().Select(i => (string)i!["instanceId"]!).ToList();
            Assert.Equal([.. expected.Select(name => started[name])], order);
            Assert.Equal(expected.Length, (int)whole["total"]!);
            // Pages of one are full, so each is counted; the page after the last is empty and counted too.
            for (var page = 1; page <= expected.Length + 1; page++)
            {
                var one = await (await client.GetAsync($"/api/tasks?scope=candidate&pageSize=1&page={page}")).ExpectObjectAsync(HttpStatusCode.OK);
                Assert.Equal(order.Skip(page - 1).Take(1), one["items"]!.AsArray().Select(i => (string)i!["instanceId"]!));
                Assert.Equal(expected.Length, (int)one["total"]!);
            }
        }
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task EveryPageOfAList_GivesItsWholeTotal_FullShortOrPastTheEnd(Provider provider)
    {
        var server = shared.For(provider);
        var (person, client) = await server.NewUserAsync();
        var definitionId = Api.NewId("pages");
        await server.PublishAsync(TaskFlows.OneTask(definitionId, $$"""{ "users": ["{{person}}"] }"""));
        var drafter = await server.ClientForAsync("drafter");
        for (var i = 0; i < 3; i++)
        {
            await drafter.StartAsync(definitionId);
        }

        async Task ExpectPagesAsync(string scope)
        {
            // Full pages are counted; a page short of full, or an empty first page, says the total itself; an empty page
            // past the end is counted again.
            foreach (var (pageSize, page, rows) in new[] { (2, 1, 2), (2, 2, 1), (2, 3, 0), (3, 1, 3), (3, 2, 0), (5, 1, 3), (5, 2, 0), (1, 3, 1) })
            {
                var answer = await (await client.GetAsync($"/api/tasks?scope={scope}&pageSize={pageSize}&page={page}")).ExpectObjectAsync(HttpStatusCode.OK);
                Assert.Equal(rows, answer["items"]!.AsArray().Count);
                Assert.Equal(3, (int)answer["total"]!);
                Assert.False((bool)answer["totalCapped"]!);
            }
            var searched = await (await client.GetAsync($"/api/tasks?scope={scope}&pageSize=2&page=2&q=审查")).ExpectObjectAsync(HttpStatusCode.OK);
            Assert.Equal((1, 3), (searched["items"]!.AsArray().Count, (int)searched["total"]!));
        }

        await ExpectPagesAsync("mine");
        var nothing = await (await client.GetAsync("/api/tasks?scope=done")).ExpectObjectAsync(HttpStatusCode.OK);
        Assert.Equal((0, 0), (nothing["items"]!.AsArray().Count, (int)nothing["total"]!));
        foreach (var task in (await (await client.GetAsync("/api/tasks?scope=mine")).ExpectObjectAsync(HttpStatusCode.OK))["items"]!.AsArray())
        {
            await (await client.PostJsonAsync($"/api/tasks/{task!["id"]}/complete", Approve)).ExpectAsync(HttpStatusCode.OK);
        }
        await ExpectPagesAsync("done");
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task TwentyParallelCompletions_ExactlyOneSucceeds(Provider provider)
    {
        var (server, instanceId, taskId, _) = await StartAsync(shared, provider, """{ "users": ["expert1"] }""");
        var clients = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => server.ClientForAsync("expert1")));

        var responses = await Task.WhenAll(clients.Select(c => c.PostJsonAsync($"/api/tasks/{taskId}/complete", Approve)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        var admin = await server.ClientForAsync("admin");
        var journal = await (await admin.GetAsync($"/api/workflow-instances/{instanceId}/journal")).ExpectAsync(HttpStatusCode.OK);
        Assert.Single(journal.AsArray(), e => (string)e!["event"]! == "ActivityResumed");
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task ParallelCountersign_NeedsEveryExpert_AndAnyReturnReturns(Provider provider)
    {
        var (server, instanceId, taskId, drafter) = await StartAsync(shared, provider, """{ "roles": ["health-expert"] }""", mode: "all");
        var expert1 = await server.ClientForAsync("expert1");
        var expert2 = await server.ClientForAsync("expert2");

        await (await expert1.PostJsonAsync($"/api/tasks/{taskId}/complete", """{ "outcome": "return", "comment": "依据不足", "data": { "opinion": "x" } }""")).ExpectAsync(HttpStatusCode.OK);
        var waiting = await (await drafter.GetAsync($"/api/workflow-instances/{instanceId}")).ExpectObjectAsync(HttpStatusCode.OK);
        Assert.Equal("Running", (string)waiting["status"]!);
        Assert.Equal(["expert2"], Assert.Single(await InboxAsync(expert2, "mine", instanceId))!["assignees"]!.AsArray().Select(a => (string)a!));
        await (await expert2.PostJsonAsync($"/api/tasks/{taskId}/complete", Approve)).ExpectAsync(HttpStatusCode.OK);

        var finished = await (await drafter.GetAsync($"/api/workflow-instances/{instanceId}")).ExpectObjectAsync(HttpStatusCode.OK);
        Assert.Equal("returned", (string)finished["result"]!);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task DelegateAndAddSigner_MoveTheWork_AndTheJournalKeepsTheOriginalAssignee(Provider provider)
    {
        var (server, instanceId, taskId, _) = await StartAsync(shared, provider, """{ "users": ["expert1"] }""");
        var expert1 = await server.ClientForAsync("expert1");
        var expert2 = await server.ClientForAsync("expert2");
        var clerk = await server.ClientForAsync("health-clerk");

        await (await expert1.PostJsonAsync($"/api/tasks/{taskId}/delegate", """{ "userName": "expert2", "comment": "请代为审查" }""")).ExpectAsync(HttpStatusCode.OK);
        await (await expert1.PostJsonAsync($"/api/tasks/{taskId}/complete", Approve)).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await expert2.PostJsonAsync($"/api/tasks/{taskId}/delegate", """{ "userName": "nobody-like-this" }""")).ExpectProblemAsync(HttpStatusCode.BadRequest, "nobody-like-this");
        await (await expert2.PostJsonAsync($"/api/tasks/{taskId}/add-signer", """{ "userName": "health-clerk" }""")).ExpectAsync(HttpStatusCode.OK);
        await (await expert2.PostJsonAsync($"/api/tasks/{taskId}/complete", Approve)).ExpectAsync(HttpStatusCode.OK);
        var stillOpen = await (await clerk.GetAsync($"/api/tasks/{taskId}")).ExpectObjectAsync(HttpStatusCode.OK);
        Assert.Equal("Open", (string)stillOpen["task"]!["status"]!);
        await (await clerk.PostJsonAsync($"/api/tasks/{taskId}/complete", Approve)).ExpectAsync(HttpStatusCode.OK);

        var admin = await server.ClientForAsync("admin");
        var journal = (await (await admin.GetAsync($"/api/workflow-instances/{instanceId}/journal")).ExpectAsync(HttpStatusCode.OK)).AsArray();
        var delegated = Assert.Single(journal, e => (string)e!["event"]! == "TaskDelegated")!;
        Assert.Equal(("expert1", "expert2", "expert1"), ((string)delegated["data"]!["from"]!, (string)delegated["data"]!["to"]!, (string)delegated["data"]!["originalAssignee"]!));
        Assert.Contains(journal, e => (string)e!["event"]! == "SignerAdded");
        Assert.Contains(journal, e => (string)e!["event"]! == "InstanceCompleted");
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Inbox_ShowsDueDateUrgencyAndOutcomes(Provider provider)
    {
        var (server, instanceId, _, _) = await StartAsync(shared, provider, """{ "users": ["expert1"] }""");
        var expert1 = await server.ClientForAsync("expert1");

        var item = Assert.Single(await InboxAsync(expert1, "mine", instanceId))!;

        Assert.NotNull(item["dueAt"]);
        Assert.Equal("normal", (string)item["urgency"]!);
        Assert.Equal(["approve", "return"], item["outcomes"]!.AsArray().Select(o => (string)o!["name"]!));
        Assert.True((bool)item["outcomes"]![1]!["requiresComment"]!);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task CcOnCompletion_ReachesTheInboxUntilRead(Provider provider)
    {
        var (server, instanceId, taskId, _) = await StartAsync(shared, provider, """{ "users": ["expert1"] }""",
            extra: """, "cc": { "type": "Literal", "value": { "roles": ["supervision-office"] } }""");
        var expert1 = await server.ClientForAsync("expert1");
        var supervisor = await server.ClientForAsync("supervisor");
        await (await expert1.PostJsonAsync($"/api/tasks/{taskId}/complete", Approve)).ExpectAsync(HttpStatusCode.OK);

        var items = (JsonArray)(await (await supervisor.GetAsync("/api/tasks?scope=cc&pageSize=200")).ExpectObjectAsync(HttpStatusCode.OK))["items"]!;
        var cc = Assert.Single(items, i => (string)i!["instanceId"]! == instanceId)!;
        Assert.False((bool)cc["read"]!);
        Assert.Contains("同意", (string)cc["title"]!);
        await (await expert1.PostAsync($"/api/tasks/{cc["id"]}/read", null)).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await supervisor.PostAsync($"/api/tasks/{cc["id"]}/read", null)).ExpectAsync(HttpStatusCode.NoContent);

        items = (JsonArray)(await (await supervisor.GetAsync("/api/tasks?scope=cc&pageSize=200")).ExpectObjectAsync(HttpStatusCode.OK))["items"]!;
        Assert.True((bool)Assert.Single(items, i => (string)i!["instanceId"]! == instanceId)!["read"]!);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Urge_ByTheStarter_OnceAnHour_AndNotByOthers(Provider provider)
    {
        var (server, instanceId, _, drafter) = await StartAsync(shared, provider, """{ "users": ["expert1"] }""");
        var stranger = await server.ClientForAsync("market");

        await (await drafter.PostJsonAsync($"/api/workflow-instances/{instanceId}/urge", """{ "message": "请尽快" }""")).ExpectAsync(HttpStatusCode.OK);
        await (await drafter.PostJsonAsync($"/api/workflow-instances/{instanceId}/urge", "{}")).ExpectProblemAsync(HttpStatusCode.TooManyRequests, "urged");
        await (await stranger.PostJsonAsync($"/api/workflow-instances/{instanceId}/urge", "{}")).ExpectProblemAsync(HttpStatusCode.NotFound);

        var admin = await server.ClientForAsync("admin");
        var journal = (await (await admin.GetAsync($"/api/workflow-instances/{instanceId}/journal")).ExpectAsync(HttpStatusCode.OK)).AsArray();
        var urged = Assert.Single(journal, e => (string)e!["event"]! == "TaskUrged")!;
        Assert.Equal("drafter", (string)urged["actor"]!);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Withdraw_CancelsTheOpenTasks(Provider provider)
    {
        var (server, instanceId, taskId, drafter) = await StartAsync(shared, provider, """{ "users": ["expert1"] }""");
        var expert1 = await server.ClientForAsync("expert1");

        await (await drafter.PostJsonAsync($"/api/workflow-instances/{instanceId}/withdraw", """{ "reason": "材料有误" }""")).ExpectAsync(HttpStatusCode.OK);

        Assert.Empty(await InboxAsync(expert1, "mine", instanceId));
        var task = await (await expert1.GetAsync($"/api/tasks/{taskId}")).ExpectObjectAsync(HttpStatusCode.OK);
        Assert.Equal("Cancelled", (string)task["task"]!["status"]!);
        await (await expert1.PostJsonAsync($"/api/tasks/{taskId}/complete", Approve)).ExpectProblemAsync(HttpStatusCode.Conflict, "cancelled");
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task List_RefusesAnUnknownScope_AndAPageTooFarToCount(Provider provider)
    {
        var server = shared.For(provider);
        var client = await server.ClientForAsync("expert1");

        await (await client.GetAsync("/api/tasks?scope=everything")).ExpectProblemAsync(HttpStatusCode.BadRequest, "everything");
        await (await client.GetAsync("/api/tasks?scope=all")).ExpectAsync(HttpStatusCode.OK);
        foreach (var scope in new[] { "mine", "candidate", "done", "cc", "all" })
        {
            var beyond = await (await client.GetAsync($"/api/tasks?scope={scope}&page={int.MaxValue / 100}&pageSize=200")).ExpectProblemAsync(HttpStatusCode.BadRequest);
            Assert.Contains(beyond.ErrorsFor("page"), e => e.Contains("page × pageSize", StringComparison.Ordinal));
            var last = await (await client.GetAsync($"/api/tasks?scope={scope}&page={int.MaxValue / 200}&pageSize=200")).ExpectObjectAsync(HttpStatusCode.OK);
            Assert.Empty(last["items"]!.AsArray());
        }
    }
}
