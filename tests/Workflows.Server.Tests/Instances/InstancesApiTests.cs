using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Core.Runtime;

namespace Workflows.Server.Tests.Instances;

public sealed class InstancesApiTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private const string Instances = "/api/workflow-instances";

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Start_ReturnsCreatedWithTheIdAndStatus_AndTheInstanceCanBeRead(Provider provider)
    {
        var server = shared.For(provider);
        var id = Api.NewId("signal");
        await server.PublishAsync(Flows.Signal(id));
        var drafter = await server.ClientForAsync("drafter");

        var response = await drafter.PostJsonAsync(Instances, $$"""{ "definitionId": "{{id}}", "input": {}, "correlationKey": "文号-2026-1" }""");

        var started = await response.ExpectObjectAsync(HttpStatusCode.Created);
        var instanceId = (string)started["id"]!;
        Assert.Equal("Running", (string)started["status"]!);
        Assert.Equal($"{Instances}/{instanceId}", response.Headers.Location?.OriginalString);
        var instance = await (await drafter.GetAsync($"{Instances}/{instanceId}")).ExpectObjectAsync(HttpStatusCode.OK);
        Assert.Equal((id, 1, "Running", "drafter", "文号-2026-1"), ((string)instance["definitionId"]!, (int)instance["definitionVersion"]!,
            (string)instance["status"]!, (string)instance["startedBy"]!, (string)instance["correlationKey"]!));
        Assert.Equal(["wait"], instance["activeActivityIds"]!.AsArray().Select(a => (string)a!));
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Start_ReturnsValidationProblem_NamingEachMissingInput(Provider provider)
    {
        var server = shared.For(provider);
        var id = Api.NewId("apply");
        await server.PublishAsync(Flows.Signal(id, Flows.ApplicationInputs));
        var (_, starter) = await server.NewUserAsync();

        var response = await starter.PostJsonAsync(Instances, $$"""{ "definitionId": "{{id}}", "input": { "title": "  " } }""");

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["'事项名称' is required"], problem.ErrorsFor("title"));
        Assert.Equal(["'金额' is required"], problem.ErrorsFor("amount"));
        Assert.Equal(["'公函' is required"], problem.ErrorsFor("letter"));
        Assert.False(problem["errors"]!.AsObject().ContainsKey("deadline"));
        Assert.Equal(0, (int)(await (await starter.GetAsync($"{Instances}?definitionId={id}")).ExpectAsync(HttpStatusCode.OK))["total"]!);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Start_ReturnsValidationProblem_NamingEachInputOfTheWrongKind(Provider provider)
    {
        var server = shared.For(provider);
        var id = Api.NewId("apply");
        await server.PublishAsync(Flows.Signal(id, Flows.ApplicationInputs));
        var drafter = await server.ClientForAsync("drafter");
        var letter = await drafter.UploadAsync();

        var response = await drafter.PostJsonAsync(Instances,
            $$"""{ "definitionId": "{{id}}", "input": { "title": 12, "amount": "很多", "deadline": "下周", "letter": "{{letter}}" } }""");

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["must be text"], problem.ErrorsFor("title"));
        Assert.Equal(["must be a number"], problem.ErrorsFor("amount"));
        Assert.Contains("must be a date", problem.ErrorsFor("deadline").Single());
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Start_AcceptsValidInputs_AndKeepsThem(Provider provider)
    {
        var server = shared.For(provider);
        var id = Api.NewId("apply");
        await server.PublishAsync(Flows.Signal(id, Flows.ApplicationInputs));
        var drafter = await server.ClientForAsync("drafter");
        var letter = await drafter.UploadAsync();

        var instanceId = await drafter.StartAsync(id, $$"""{ "title": "健康审查", "amount": 1200.5, "deadline": "2026-12-31", "letter": ["{{letter}}"] }""");

        var input = (await (await drafter.GetAsync($"{Instances}/{instanceId}")).ExpectAsync(HttpStatusCode.OK))["input"]!;
        Assert.Equal(("健康审查", 1200.5m, letter), ((string)input["title"]!, (decimal)input["amount"]!, (string)input["letter"]![0]!));
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Start_ReturnsValidationProblem_WhenTheDefinitionIdIsMissing(Provider provider)
    {
        var drafter = await shared.For(provider).ClientForAsync("drafter");

        var problem = await (await drafter.PostJsonAsync(Instances, """{ "input": {} }""")).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(["definitionId is required"], problem.ErrorsFor("definitionId"));
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Start_ReturnsValidationProblem_ForACorrelationKeyLongerThanTheDatabaseKeeps(Provider provider)
    {
        var server = shared.For(provider);
        var id = Api.NewId("signal");
        await server.PublishAsync(Flows.Signal(id));
        var drafter = await server.ClientForAsync("drafter");

        var response = await drafter.PostJsonAsync(Instances, $$"""{ "definitionId": "{{id}}", "correlationKey": "{{new string('号', 513)}}" }""");

        Assert.Equal(["correlationKey has at most 512 characters"], (await response.ExpectProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("correlationKey"));
        await drafter.StartAsync(id, "{}");
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Start_ReturnsNotFound_ForAnUnknownOrUnpublishedDefinition(Provider provider)
    {
        var server = shared.For(provider);
        var designer = await server.ClientForAsync("designer");
        var draft = Api.NewId("draft");
        await (await designer.PostJsonAsync("/api/workflow-definitions", Flows.Signal(draft))).ExpectAsync(HttpStatusCode.Created);
        var unknown = Api.NewId("unknown");

        await (await designer.PostJsonAsync(Instances, $$"""{ "definitionId": "{{unknown}}" }""")).ExpectProblemAsync(HttpStatusCode.NotFound, "DefinitionNotFound", unknown);
        await (await designer.PostJsonAsync(Instances, $$"""{ "definitionId": "{{draft}}" }""")).ExpectProblemAsync(HttpStatusCode.NotFound, "DefinitionNotFound", draft);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Start_IsForbidden_ToSomeoneWithoutAStarterRole(Provider provider)
    {
        var server = shared.For(provider);
        var id = Api.NewId("fair");
        await server.PublishAsync(Flows.Signal(id, "[]", "fair-review-unit"));
        var drafter = await server.ClientForAsync("drafter");
        var fairUnit = await server.ClientForAsync("fair-unit");
        var admin = await server.ClientForAsync("admin");

        await (await drafter.PostJsonAsync(Instances, $$"""{ "definitionId": "{{id}}" }""")).ExpectAsync(HttpStatusCode.Forbidden);
        await fairUnit.StartAsync(id);
        await admin.StartAsync(id);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Start_ReturnsValidationProblem_WhenAFileInputIsNotAnUploadOfTheStarter(Provider provider)
    {
        var server = shared.For(provider);
        var id = Api.NewId("letter");
        await server.PublishAsync(Flows.Signal(id, Flows.LetterInput));
        var drafter = await server.ClientForAsync("drafter");
        var othersUpload = await (await server.ClientForAsync("market")).UploadAsync();
        var unknown = Guid.NewGuid().ToString("N");

        var someoneElses = await drafter.PostJsonAsync(Instances, $$"""{ "definitionId": "{{id}}", "input": { "letter": "{{othersUpload}}" } }""");
        var missing = await drafter.PostJsonAsync(Instances, $$"""{ "definitionId": "{{id}}", "input": { "letter": ["{{unknown}}"] } }""");

        Assert.Contains(othersUpload, (await someoneElses.ExpectProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("letter").Single());
        Assert.Contains(unknown, (await missing.ExpectProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("letter").Single());
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Start_ReturnsValidationProblem_WhenAnUploadIsAlreadyUsedByAnotherInstance(Provider provider)
    {
        var server = shared.For(provider);
        var id = Api.NewId("letter");
        await server.PublishAsync(Flows.Signal(id, Flows.LetterInput));
        var drafter = await server.ClientForAsync("drafter");
        var letter = await drafter.UploadAsync();
        await drafter.StartAsync(id, $$"""{ "letter": "{{letter}}" }""");

        var again = await drafter.PostJsonAsync(Instances, $$"""{ "definitionId": "{{id}}", "input": { "letter": "{{letter}}" } }""");

        Assert.Contains("not yet used", (await again.ExpectProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("letter").Single());
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task List_PagesNewestFirst_FiltersByStatus_AndShowsOnlyTheCallersInstances(Provider provider)
    {
        var server = shared.For(provider);
        var id = Api.NewId("signal");
        await server.PublishAsync(Flows.Signal(id));
        var (me, client) = await server.NewUserAsync();
        var first = await client.StartAsync(id);
        var second = await client.StartAsync(id);
        var third = await client.StartAsync(id);
        await (await client.PostJsonAsync($"{Instances}/{second}/withdraw", "{}")).ExpectAsync(HttpStatusCode.OK);
        var others = await (await server.ClientForAsync("drafter")).StartAsync(id);

        var page1 = await (await client.GetAsync($"{Instances}?definitionId={id}&page=1&pageSize=2")).ExpectObjectAsync(HttpStatusCode.OK);
        var page2 = await (await client.GetAsync($"{Instances}?definitionId={id}&page=2&pageSize=2")).ExpectObjectAsync(HttpStatusCode.OK);
        var cancelled = await (await client.GetAsync($"{Instances}?definitionId={id}&status=Cancelled")).ExpectObjectAsync(HttpStatusCode.OK);
        var running = await (await client.GetAsync($"{Instances}?definitionId={id}&status=running")).ExpectObjectAsync(HttpStatusCode.OK);
        var everyone = await (await (await server.ClientForAsync("admin")).GetAsync($"{Instances}?definitionId={id}")).ExpectObjectAsync(HttpStatusCode.OK);

        Assert.Equal((3, 1, 2), ((int)page1["total"]!, (int)page1["page"]!, (int)page1["pageSize"]!));
        Assert.Equal([third, second], Ids(page1));
        Assert.Equal([first], Ids(page2));
        Assert.Equal([second], Ids(cancelled));
        Assert.Equal([third, first], Ids(running));
        Assert.All(page1["items"]!.AsArray(), i => Assert.Equal(me, (string)i!["startedBy"]!));
        Assert.Equal([others, third, second, first], Ids(everyone));
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task List_ReturnsValidationProblem_ForAnUnknownStatusOrABadPage(Provider provider)
    {
        var drafter = await shared.For(provider).ClientForAsync("drafter");

        var status = await (await drafter.GetAsync($"{Instances}?status=Sleeping")).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var page = await (await drafter.GetAsync($"{Instances}?page=0")).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var size = await (await drafter.GetAsync($"{Instances}?pageSize=201")).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var beyond = await (await drafter.GetAsync($"{Instances}?page={int.MaxValue}&pageSize=200")).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("'Sleeping' is not one of Running, Completed, Cancelled, Faulted", status.ErrorsFor("status"));
        Assert.NotEmpty(page.ErrorsFor("page"));
        Assert.NotEmpty(size.ErrorsFor("page"));
        Assert.NotEmpty(beyond.ErrorsFor("page"));
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task AnotherUsersInstance_IsNotFound_LikeAnUnknownId(Provider provider)
    {
        var server = shared.For(provider);
        var id = Api.NewId("signal");
        await server.PublishAsync(Flows.Signal(id));
        var instanceId = await (await server.ClientForAsync("drafter")).StartAsync(id);
        var market = await server.ClientForAsync("market");
        var admin = await server.ClientForAsync("admin");
        var unknown = Guid.NewGuid().ToString("N");

        await (await market.GetAsync($"{Instances}/{instanceId}")).ExpectProblemAsync(HttpStatusCode.NotFound, "InstanceNotFound", instanceId);
        await (await market.GetAsync($"{Instances}/{instanceId}/journal")).ExpectProblemAsync(HttpStatusCode.NotFound, instanceId);
        await (await market.PostJsonAsync($"{Instances}/{instanceId}/withdraw", "{}")).ExpectProblemAsync(HttpStatusCode.NotFound, instanceId);
        Assert.DoesNotContain(Ids(await (await market.GetAsync($"{Instances}?definitionId={id}")).ExpectObjectAsync(HttpStatusCode.OK)), i => i == instanceId);
        await (await admin.GetAsync($"{Instances}/{instanceId}")).ExpectAsync(HttpStatusCode.OK);
        await (await admin.GetAsync($"{Instances}/{unknown}")).ExpectProblemAsync(HttpStatusCode.NotFound, unknown);
        await (await admin.GetAsync($"{Instances}/{unknown}/journal")).ExpectProblemAsync(HttpStatusCode.NotFound, unknown);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task SomeoneWhoActedInAnInstance_MaySeeIt(Provider provider)
    {
        var server = shared.For(provider);
        var id = Api.NewId("signal");
        await server.PublishAsync(Flows.Signal(id));
        var instanceId = await (await server.ClientForAsync("drafter")).StartAsync(id);
        var market = await server.ClientForAsync("market");
        await (await market.GetAsync($"{Instances}/{instanceId}")).ExpectAsync(HttpStatusCode.NotFound);

        // There is no task API yet: act as a completed task would, through the engine, in market's name.
        await server.Services.GetRequiredService<WorkflowEngine>().SignalAsync(instanceId, "go", null, "market");

        var instance = await (await market.GetAsync($"{Instances}/{instanceId}")).ExpectObjectAsync(HttpStatusCode.OK);
        Assert.Equal("Completed", (string)instance["status"]!);
        Assert.Contains(instanceId, Ids(await (await market.GetAsync($"{Instances}?definitionId={id}")).ExpectObjectAsync(HttpStatusCode.OK)));
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Journal_RecordsEachStepWithItsActor(Provider provider)
    {
        var server = shared.For(provider);
        var id = Api.NewId("signal");
        await server.PublishAsync(Flows.Signal(id));
        var drafter = await server.ClientForAsync("drafter");
        var instanceId = await drafter.StartAsync(id);

        var journal = (await (await drafter.GetAsync($"{Instances}/{instanceId}/journal")).ExpectAsync(HttpStatusCode.OK)).AsArray();

        Assert.Equal(["InstanceStarted", "ActivityExecuted", "ActivitySuspended"], journal.Select(e => (string)e!["event"]!));
        Assert.Equal([null, "start", "wait"], journal.Select(e => (string?)e!["activityId"]));
        Assert.All(journal, e => Assert.Equal(("drafter", instanceId), ((string)e!["actor"]!, (string)e["instanceId"]!)));
        Assert.Equal([0L, 1L, 2L], journal.Select(e => (long)e!["sequence"]!));
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Withdraw_ByTheStarter_CancelsTheInstanceWithTheReason(Provider provider)
    {
        var server = shared.For(provider);
        var id = Api.NewId("signal");
        await server.PublishAsync(Flows.Signal(id));
        var drafter = await server.ClientForAsync("drafter");
        var instanceId = await drafter.StartAsync(id);

        var withdrawn = await (await drafter.PostJsonAsync($"{Instances}/{instanceId}/withdraw", """{ "reason": "材料有误" }""")).ExpectObjectAsync(HttpStatusCode.OK);

        Assert.Equal("Cancelled", (string)withdrawn["status"]!);
        Assert.Empty(withdrawn["activeActivityIds"]!.AsArray());
        var journal = (await (await drafter.GetAsync($"{Instances}/{instanceId}/journal")).ExpectAsync(HttpStatusCode.OK)).AsArray();
        var cancelled = journal.Single(e => (string)e!["event"]! == "InstanceCancelled")!;
        Assert.Equal(("drafter", "撤回 withdrawn by the starter: 材料有误"), ((string)cancelled["actor"]!, (string)cancelled["message"]!));
        await (await drafter.PostJsonAsync($"{Instances}/{instanceId}/withdraw", "{}")).ExpectProblemAsync(HttpStatusCode.Conflict, "InstanceNotRunning");
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Withdraw_BySomeoneOtherThanTheStarter_IsForbidden(Provider provider)
    {
        var server = shared.For(provider);
        var id = Api.NewId("signal");
        await server.PublishAsync(Flows.Signal(id));
        var instanceId = await (await server.ClientForAsync("drafter")).StartAsync(id);
        var admin = await server.ClientForAsync("admin");

        await (await admin.PostJsonAsync($"{Instances}/{instanceId}/withdraw", "{}")).ExpectAsync(HttpStatusCode.Forbidden);

        Assert.Equal("Running", (string)(await (await admin.GetAsync($"{Instances}/{instanceId}")).ExpectAsync(HttpStatusCode.OK))["status"]!);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Cancel_ByAnAdministrator_CancelsTheInstance_AndIsForbiddenToOthers(Provider provider)
    {
        var server = shared.For(provider);
        var id = Api.NewId("signal");
        await server.PublishAsync(Flows.Signal(id));
        var drafter = await server.ClientForAsync("drafter");
        var instanceId = await drafter.StartAsync(id);
        var admin = await server.ClientForAsync("admin");

        await (await drafter.PostJsonAsync($"{Instances}/{instanceId}/cancel", "{}")).ExpectAsync(HttpStatusCode.Forbidden);
        var cancelled = await (await admin.PostJsonAsync($"{Instances}/{instanceId}/cancel", """{ "reason": "重复提交" }""")).ExpectObjectAsync(HttpStatusCode.OK);

        Assert.Equal("Cancelled", (string)cancelled["status"]!);
        var journal = (await (await drafter.GetAsync($"{Instances}/{instanceId}/journal")).ExpectAsync(HttpStatusCode.OK)).AsArray();
        Assert.Contains(journal, e => (string)e!["event"]! == "InstanceCancelled" && (string)e["actor"]! == "admin" && (string)e["message"]! == "重复提交");
        await (await admin.PostJsonAsync($"{Instances}/{instanceId}/cancel", "{}")).ExpectProblemAsync(HttpStatusCode.Conflict, "InstanceNotRunning");
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Signal_ResumesTheWaitingActivity_WithItsPayload(Provider provider)
    {
        var server = shared.For(provider);
        var id = Api.NewId("signal");
        await server.PublishAsync(Flows.Signal(id));
        var drafter = await server.ClientForAsync("drafter");
        var instanceId = await drafter.StartAsync(id);
        var admin = await server.ClientForAsync("admin");

        await (await drafter.PostJsonAsync($"{Instances}/{instanceId}/signals/go", "{}")).ExpectAsync(HttpStatusCode.Forbidden);
        await (await admin.PostJsonAsync($"{Instances}/{instanceId}/signals/stop", "{}")).ExpectProblemAsync(HttpStatusCode.Conflict, "SignalNotAwaited", "'stop'");
        var signalled = await (await admin.PostJsonAsync($"{Instances}/{instanceId}/signals/go", """{ "payload": { "批准": true } }""")).ExpectObjectAsync(HttpStatusCode.OK);

        Assert.Equal(("Completed", "signalled"), ((string)signalled["status"]!, (string)signalled["result"]!));
        Assert.True((bool)signalled["variables"]!["payload"]!["批准"]!);
        var instance = await (await drafter.GetAsync($"{Instances}/{instanceId}")).ExpectObjectAsync(HttpStatusCode.OK);
        Assert.Equal("Completed", (string)instance["status"]!);
        Assert.NotNull(instance["finishedAt"]);
        await (await admin.PostJsonAsync($"{Instances}/{instanceId}/signals/go", "{}")).ExpectProblemAsync(HttpStatusCode.Conflict, "InstanceNotRunning");
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Signal_TakesAnyJsonAsThePayload_OrNone(Provider provider)
    {
        var server = shared.For(provider);
        var id = Api.NewId("signal");
        await server.PublishAsync(Flows.Signal(id));
        var drafter = await server.ClientForAsync("drafter");
        var admin = await server.ClientForAsync("admin");

        foreach (var (body, expected) in new[] { ("\"同意\"", "\"同意\""), ("[1,2]", "[1,2]"), ("""{ "批准": true }""", """{"批准":true}"""), ("", null) })
        {
            var instanceId = await drafter.StartAsync(id);

            var signalled = await (await admin.PostJsonAsync($"{Instances}/{instanceId}/signals/go", body)).ExpectObjectAsync(HttpStatusCode.OK);

            Assert.Equal(expected, signalled["variables"]!["payload"]?.ToJsonString(Api.Readable));
        }
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Retry_ByAnAdministrator_RunsAFaultedInstanceAgain(Provider provider)
    {
        var server = shared.For(provider);
        var id = Api.NewId("faulty");
        await server.PublishAsync(Flows.Faulty(id));
        var drafter = await server.ClientForAsync("drafter");
        var admin = await server.ClientForAsync("admin");
        var faulted = await drafter.StartAsync(id);
        var running = Api.NewId("signal");
        await server.PublishAsync(Flows.Signal(running));
        var runningId = await drafter.StartAsync(running);

        var instance = await (await drafter.GetAsync($"{Instances}/{faulted}")).ExpectObjectAsync(HttpStatusCode.OK);
        Assert.Equal("Faulted", (string)instance["status"]!);
        Assert.Equal(["compute"], instance["activeActivityIds"]!.AsArray().Select(a => (string)a!));
        Assert.Contains("计算失败", instance["incidents"]!.ToJsonString(Api.Readable));

        await (await drafter.PostAsync($"{Instances}/{faulted}/retry", null)).ExpectAsync(HttpStatusCode.Forbidden);
        var retried = await (await admin.PostAsync($"{Instances}/{faulted}/retry", null)).ExpectObjectAsync(HttpStatusCode.OK);

        Assert.Equal("Faulted", (string)retried["status"]!);
        var journal = (await (await admin.GetAsync($"{Instances}/{faulted}/journal")).ExpectAsync(HttpStatusCode.OK)).AsArray();
        Assert.Contains(journal, e => (string)e!["event"]! == "InstanceRetried" && (string)e["actor"]! == "admin");
        await (await admin.PostAsync($"{Instances}/{runningId}/retry", null)).ExpectProblemAsync(HttpStatusCode.Conflict, "InstanceNotFaulted");
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task AdministratorCommands_ReturnNotFound_ForAnUnknownInstance(Provider provider)
    {
        var admin = await shared.For(provider).ClientForAsync("admin");
        var unknown = Guid.NewGuid().ToString("N");

        await (await admin.PostJsonAsync($"{Instances}/{unknown}/cancel", "{}")).ExpectProblemAsync(HttpStatusCode.NotFound, "InstanceNotFound", unknown);
        await (await admin.PostJsonAsync($"{Instances}/{unknown}/signals/go", "{}")).ExpectProblemAsync(HttpStatusCode.NotFound, "InstanceNotFound", unknown);
        await (await admin.PostAsync($"{Instances}/{unknown}/retry", null)).ExpectProblemAsync(HttpStatusCode.NotFound, "InstanceNotFound", unknown);
        await (await admin.PostJsonAsync($"{Instances}/{unknown}/withdraw", "{}")).ExpectProblemAsync(HttpStatusCode.NotFound, "InstanceNotFound", unknown);
    }

    private static List<string> Ids(JsonObject page) => [.. page["items"]!.AsArray().Select(i => (string)i!["id"]!)];
}
