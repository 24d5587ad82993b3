using System.Net;

namespace Workflows.Server.Tests.Definitions;

/// <summary>Archiving a definition and deleting one that was never published, through the REST API.</summary>
public sealed class DefinitionLifecycleApiTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private const string Definitions = "/api/workflow-definitions";
    private const string Instances = "/api/workflow-instances";

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Archive_HidesTheDefinitionFromTheListAndFromStarting_WhileRunningMattersFinish(Provider provider)
    {
        var server = shared.For(provider);
        var id = Api.NewId("signal");
        await server.PublishAsync(Flows.Signal(id));
        var drafter = await server.ClientForAsync("drafter");
        var running = await drafter.StartAsync(id);
        var designer = await server.ClientForAsync("designer");

        await (await designer.PostAsync($"{Definitions}/{id}/archive", null)).ExpectAsync(HttpStatusCode.NoContent);

        Assert.DoesNotContain(await ListedIdsAsync(designer, ""), d => d == id);
        Assert.Contains(await ListedIdsAsync(designer, "?archived=only"), d => d == id);
        var listed = (await (await designer.GetAsync($"{Definitions}?archived=include")).ExpectAsync(HttpStatusCode.OK)).AsArray()
            .Single(d => (string)d!["definitionId"]! == id)!;
        Assert.NotNull((string?)listed["archivedAt"]);
        await (await drafter.PostJsonAsync(Instances, $$"""{ "definitionId": "{{id}}", "input": {} }"""))
            .ExpectProblemAsync(HttpStatusCode.Conflict, "DefinitionArchived", id);
        // The matter started before goes on to its end on the archived definition.
        var admin = await server.ClientForAsync("admin");
        await (await admin.PostJsonAsync($"{Instances}/{running}/signals/go", "{}")).ExpectAsync(HttpStatusCode.OK);
        var finished = await (await drafter.GetAsync($"{Instances}/{running}")).ExpectObjectAsync(HttpStatusCode.OK);
        Assert.Equal("Completed", (string)finished["status"]!);
        await (await designer.GetAsync($"{Definitions}/{id}")).ExpectAsync(HttpStatusCode.OK);

        await (await designer.DeleteAsync($"{Definitions}/{id}/archive")).ExpectAsync(HttpStatusCode.NoContent);

        Assert.Contains(await ListedIdsAsync(designer, ""), d => d == id);
        await drafter.StartAsync(id);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Archive_IsForDesigners_AndAnswers404ForAnUnknownDefinition(Provider provider)
    {
        var server = shared.For(provider);
        var id = Api.NewId("signal");
        await server.PublishAsync(Flows.Signal(id));

        var byDrafter = await (await server.ClientForAsync("drafter")).PostAsync($"{Definitions}/{id}/archive", null);
        var unknown = await (await server.ClientForAsync("designer")).PostAsync($"{Definitions}/no-such-{id}/archive", null);

        Assert.Equal(HttpStatusCode.Forbidden, byDrafter.StatusCode);
        await unknown.ExpectProblemAsync(HttpStatusCode.NotFound, "DefinitionNotFound");
        Assert.Contains(await ListedIdsAsync(await server.ClientForAsync("designer"), ""), d => d == id);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Delete_RemovesADraftThatWasNeverPublished_WithAllItsVersions(Provider provider)
    {
        var designer = await shared.For(provider).ClientForAsync("designer");
        var id = Api.NewId("leave");
        await (await designer.PostJsonAsync(Definitions, Flows.Approval(id))).ExpectAsync(HttpStatusCode.Created);
        await (await designer.PutJsonAsync($"{Definitions}/{id}", Flows.Approval(id, "请假审批（改）"))).ExpectAsync(HttpStatusCode.OK);

        await (await designer.DeleteAsync($"{Definitions}/{id}")).ExpectAsync(HttpStatusCode.NoContent);

        await (await designer.GetAsync($"{Definitions}/{id}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await designer.GetAsync($"{Definitions}/{id}/versions")).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.DoesNotContain(await ListedIdsAsync(designer, "?archived=include"), d => d == id);
        // The id is free again.
        await (await designer.PostJsonAsync(Definitions, Flows.Approval(id))).ExpectAsync(HttpStatusCode.Created);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Delete_RefusesAPublishedDefinition_AndKeepsIt(Provider provider)
    {
        var server = shared.For(provider);
        var designer = await server.ClientForAsync("designer");
        var id = Api.NewId("leave");
        await server.PublishAsync(Flows.Approval(id));
        // A new draft over the published version: the definition was still published once.
        await (await designer.PutJsonAsync($"{Definitions}/{id}", Flows.Approval(id, "请假审批（改）"))).ExpectAsync(HttpStatusCode.OK);

        var response = await designer.DeleteAsync($"{Definitions}/{id}");

        await response.ExpectProblemAsync(HttpStatusCode.Conflict, "DefinitionPublished", "archive");
        var versions = (await (await designer.GetAsync($"{Definitions}/{id}/versions")).ExpectAsync(HttpStatusCode.OK)).AsArray();
        Assert.Equal(2, versions.Count);
        await (await designer.GetAsync($"{Definitions}/{id}?version=published")).ExpectAsync(HttpStatusCode.OK);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task List_RefusesAnUnknownArchivedFilter_NamingTheField(Provider provider)
    {
        var designer = await shared.For(provider).ClientForAsync("designer");

        var problem = await (await designer.GetAsync($"{Definitions}?archived=maybe")).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("archived is exclude (the default), include or only", problem.ErrorsFor("archived"));
    }

    private static async Task<IReadOnlyList<string>> ListedIdsAsync(HttpClient client, string query) =>
        [.. (await (await client.GetAsync($"{Definitions}{query}")).ExpectAsync(HttpStatusCode.OK)).AsArray().Select(d => (string)d!["definitionId"]!)];
}
