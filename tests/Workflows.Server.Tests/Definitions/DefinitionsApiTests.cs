using System.Net;
using System.Text.Json.Nodes;

namespace Workflows.Server.Tests.Definitions;

public sealed class DefinitionsApiTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private const string Definitions = "/api/workflow-definitions";

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Create_SavesVersion1AsADraft(Provider provider)
    {
        var server = shared.For(provider);
        var designer = await server.ClientForAsync("designer");
        var id = Api.NewId("leave");

        var response = await designer.PostJsonAsync(Definitions, Flows.Approval(id));

        var created = await response.ExpectObjectAsync(HttpStatusCode.Created);
        Assert.Equal($"{Definitions}/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal((1, true, false), ((int)created["version"]!, (bool)created["isLatest"]!, (bool)created["isPublished"]!));
        var read = await (await designer.GetAsync($"{Definitions}/{id}")).ExpectObjectAsync(HttpStatusCode.OK);
        Assert.Equal("请假审批", (string)read["name"]!);
        var listed = (await (await designer.GetAsync(Definitions)).ExpectAsync(HttpStatusCode.OK)).AsArray().Single(d => (string)d!["definitionId"]! == id)!;
        Assert.Equal((1, null), ((int)listed["latestVersion"]!, (int?)listed["publishedVersion"]));
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Create_ReturnsConflict_WhenTheIdExists(Provider provider)
    {
        var server = shared.For(provider);
        var designer = await server.ClientForAsync("designer");
        var id = Api.NewId("leave");
        await (await designer.PostJsonAsync(Definitions, Flows.Approval(id))).ExpectAsync(HttpStatusCode.Created);

        var again = await designer.PostJsonAsync(Definitions, Flows.Approval(id, "另一个"));

        await again.ExpectProblemAsync(HttpStatusCode.Conflict, "DefinitionExists", id);
        Assert.Equal("请假审批", (string)(await (await designer.GetAsync($"{Definitions}/{id}")).ExpectAsync(HttpStatusCode.OK))["name"]!);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Create_ReturnsValidationProblem_WhenDefinitionIdIsMissing(Provider provider)
    {
        var designer = await shared.For(provider).ClientForAsync("designer");

        var response = await designer.PostJsonAsync(Definitions, Flows.Approval(""));

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("definitionId is required", problem.ErrorsFor("definitionId"));
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Publish_ReturnsValidationProblem_NamingTheCodeAndTheActivity_WhenInvalid(Provider provider)
    {
        var designer = await shared.For(provider).ClientForAsync("designer");
        var id = Api.NewId("stamp");
        await (await designer.PostJsonAsync(Definitions, Flows.UnknownActivity(id))).ExpectAsync(HttpStatusCode.Created);

        var response = await designer.PostAsync($"{Definitions}/{id}/publish", null);

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, id, "not published");
        Assert.Contains(problem.ErrorsFor("stamp"), e => e.StartsWith("UnknownActivityType: ", StringComparison.Ordinal) && e.Contains("'Stamp'"));
        Assert.Contains(problem["problems"]!.AsArray(), p => (string)p!["code"]! == "UnknownActivityType" && (string)p["activityId"]! == "stamp");
        await (await designer.GetAsync($"{Definitions}/{id}?version=published")).ExpectProblemAsync(HttpStatusCode.NotFound, id);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Publish_MakesVersion1ThePublishedVersion_WhenValid(Provider provider)
    {
        var designer = await shared.For(provider).ClientForAsync("designer");
        var id = Api.NewId("leave");
        await (await designer.PostJsonAsync(Definitions, Flows.Approval(id))).ExpectAsync(HttpStatusCode.Created);

        var published = await (await designer.PostAsync($"{Definitions}/{id}/publish", null)).ExpectObjectAsync(HttpStatusCode.OK);

        Assert.Equal((1, true), ((int)published["version"]!, (bool)published["isPublished"]!));
        var read = await (await designer.GetAsync($"{Definitions}/{id}?version=published")).ExpectObjectAsync(HttpStatusCode.OK);
        Assert.Equal(1, (int)read["version"]!);
        var version = Assert.Single((await (await designer.GetAsync($"{Definitions}/{id}/versions")).ExpectAsync(HttpStatusCode.OK)).AsArray());
        Assert.Equal(("designer", "designer"), ((string)version!["createdBy"]!, (string)version["publishedBy"]!));
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task SaveDraft_OfAPublishedDefinition_MakesVersion2WhileVersion1StaysPublished(Provider provider)
    {
        var server = shared.For(provider);
        var designer = await server.ClientForAsync("designer");
        var id = Api.NewId("leave");
        await server.PublishAsync(Flows.Approval(id, "第一版"));
        var loaded = await (await designer.GetAsync($"{Definitions}/{id}")).ExpectObjectAsync(HttpStatusCode.OK);
        loaded["name"] = "第二版";

        var saved = await (await designer.PutJsonAsync($"{Definitions}/{id}", loaded.ToJsonString())).ExpectObjectAsync(HttpStatusCode.OK);

        Assert.Equal((2, false, "第二版"), ((int)saved["version"]!, (bool)saved["isPublished"]!, (string)saved["name"]!));
        var published = await (await designer.GetAsync($"{Definitions}/{id}?version=published")).ExpectObjectAsync(HttpStatusCode.OK);
        Assert.Equal((1, "第一版"), ((int)published["version"]!, (string)published["name"]!));
        Assert.Equal(2, (int)(await (await designer.GetAsync($"{Definitions}/{id}?version=latest")).ExpectAsync(HttpStatusCode.OK))["version"]!);
        var versions = (await (await designer.GetAsync($"{Definitions}/{id}/versions")).ExpectAsync(HttpStatusCode.OK)).AsArray();
        Assert.Equal([(2, false, true), (1, true, false)], versions.Select(v => ((int)v!["version"]!, (bool)v["isPublished"]!, (bool)v["isLatest"]!)));

        await (await designer.PostAsync($"{Definitions}/{id}/publish", null)).ExpectAsync(HttpStatusCode.OK);

        var republished = await (await designer.GetAsync($"{Definitions}/{id}?version=published")).ExpectObjectAsync(HttpStatusCode.OK);
        Assert.Equal((2, "第二版"), ((int)republished["version"]!, (string)republished["name"]!));
        Assert.Equal("第一版", (string)(await (await designer.GetAsync($"{Definitions}/{id}?version=1")).ExpectAsync(HttpStatusCode.OK))["name"]!);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task SaveDraft_ReturnsConflict_WhenTheEditedVersionIsNoLongerTheLatest(Provider provider)
    {
        var server = shared.For(provider);
        var designer = await server.ClientForAsync("designer");
        var id = Api.NewId("leave");
        await server.PublishAsync(Flows.Approval(id));
        var loaded = await (await designer.GetAsync($"{Definitions}/{id}")).ExpectObjectAsync(HttpStatusCode.OK);
        loaded["name"] = "甲的修改";
        await (await designer.PutJsonAsync($"{Definitions}/{id}", loaded.ToJsonString())).ExpectAsync(HttpStatusCode.OK);
        loaded["name"] = "乙的修改";

        var stale = await designer.PutJsonAsync($"{Definitions}/{id}", loaded.ToJsonString());

        await stale.ExpectProblemAsync(HttpStatusCode.Conflict, "version 1 is no longer the latest");
        Assert.Equal("甲的修改", (string)(await (await designer.GetAsync($"{Definitions}/{id}")).ExpectAsync(HttpStatusCode.OK))["name"]!);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task SaveDraft_ReturnsValidationProblem_WhenTheBodyNamesAnotherDefinition(Provider provider)
    {
        var server = shared.For(provider);
        var designer = await server.ClientForAsync("designer");
        var id = Api.NewId("leave");
        await (await designer.PostJsonAsync(Definitions, Flows.Approval(id))).ExpectAsync(HttpStatusCode.Created);

        var response = await designer.PutJsonAsync($"{Definitions}/{id}", Flows.Approval("someone-else"));

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(problem.ErrorsFor("definitionId"), e => e.Contains("'someone-else'") && e.Contains($"'{id}'"));
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Revert_MakesACopyOfAnEarlierVersionTheDraft(Provider provider)
    {
        var server = shared.For(provider);
        var designer = await server.ClientForAsync("designer");
        var id = Api.NewId("leave");
        await server.PublishAsync(Flows.Approval(id, "第一版"));
        await (await designer.PutJsonAsync($"{Definitions}/{id}", Flows.Approval(id, "第二版"))).ExpectAsync(HttpStatusCode.OK);
        await (await designer.PostAsync($"{Definitions}/{id}/publish", null)).ExpectAsync(HttpStatusCode.OK);

        var reverted = await (await designer.PostAsync($"{Definitions}/{id}/revert/1", null)).ExpectObjectAsync(HttpStatusCode.OK);

        Assert.Equal((3, false, "第一版"), ((int)reverted["version"]!, (bool)reverted["isPublished"]!, (string)reverted["name"]!));
        Assert.Equal("第二版", (string)(await (await designer.GetAsync($"{Definitions}/{id}?version=published")).ExpectAsync(HttpStatusCode.OK))["name"]!);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Export_ReturnsTheDefinitionAsAJsonFile(Provider provider)
    {
        var server = shared.For(provider);
        var designer = await server.ClientForAsync("designer");
        var id = Api.NewId("leave");
        await server.PublishAsync(Flows.Approval(id, "已发布"));
        await (await designer.PutJsonAsync($"{Definitions}/{id}", Flows.Approval(id, "草稿"))).ExpectAsync(HttpStatusCode.OK);

        var latest = await designer.GetAsync($"{Definitions}/{id}/export");
        var published = await designer.GetAsync($"{Definitions}/{id}/export?version=published");

        var file = await latest.ExpectObjectAsync(HttpStatusCode.OK);
        Assert.Equal("application/json", latest.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", latest.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal($"{id}.json", latest.Content.Headers.ContentDisposition?.FileNameStar ?? latest.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal((id, "草稿"), ((string)file["definitionId"]!, (string)file["name"]!));
        Assert.False(file.ContainsKey("version") || file.ContainsKey("isPublished") || file.ContainsKey("isLatest"), file.ToJsonString());
        Assert.Equal("已发布", (string)(await published.ExpectAsync(HttpStatusCode.OK))["name"]!);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Import_OfAnExport_SavesTheDraftOfTheDefinitionItNames(Provider provider)
    {
        var server = shared.For(provider);
        var designer = await server.ClientForAsync("designer");
        var id = Api.NewId("leave");
        await server.PublishAsync(Flows.Approval(id, "第一版"));
        var exported = await (await designer.GetAsync($"{Definitions}/{id}/export")).ExpectObjectAsync(HttpStatusCode.OK);
        exported["name"] = "导入的版本";

        var response = await designer.PostJsonAsync($"{Definitions}/import", exported.ToJsonString());

        var imported = await response.ExpectObjectAsync(HttpStatusCode.Created);
        Assert.Equal((id, 2, false, "导入的版本"), ((string)imported["definitionId"]!, (int)imported["version"]!, (bool)imported["isPublished"]!, (string)imported["name"]!));
        Assert.Equal("第一版", (string)(await (await designer.GetAsync($"{Definitions}/{id}?version=published")).ExpectAsync(HttpStatusCode.OK))["name"]!);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Import_WithADefinitionId_CreatesANewDefinition_AndRefusesAnIdThatExists(Provider provider)
    {
        var server = shared.For(provider);
        var designer = await server.ClientForAsync("designer");
        var id = Api.NewId("leave");
        await server.PublishAsync(Flows.Approval(id, "原件"));
        var exported = await (await designer.GetAsync($"{Definitions}/{id}/export")).Content.ReadAsStringAsync();
        var copy = Api.NewId("copy");

        var response = await designer.PostJsonAsync($"{Definitions}/import?definitionId={copy}", exported);
        var again = await designer.PostJsonAsync($"{Definitions}/import?definitionId={copy}", exported);

        var imported = await response.ExpectObjectAsync(HttpStatusCode.Created);
        Assert.Equal($"{Definitions}/{copy}", response.Headers.Location?.OriginalString);
        Assert.Equal((copy, 1, false, "原件"), ((string)imported["definitionId"]!, (int)imported["version"]!, (bool)imported["isPublished"]!, (string)imported["name"]!));
        await again.ExpectProblemAsync(HttpStatusCode.Conflict, "DefinitionExists", copy);
        Assert.Single((await (await designer.GetAsync($"{Definitions}/{id}/versions")).ExpectAsync(HttpStatusCode.OK)).AsArray());
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Import_ReturnsValidationProblem_NamingWhereTheFileIsWrong(Provider provider)
    {
        var designer = await shared.For(provider).ClientForAsync("designer");

        var response = await designer.PostJsonAsync($"{Definitions}/import", "{\n  \"definitionId\": \"broken\",\n  \"root\": [1, 2]\n}");

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "InvalidDefinition", "line 3", "root");
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Validate_ReportsEachProblemWithItsCodeAndActivity_WithoutSaving(Provider provider)
    {
        var designer = await shared.For(provider).ClientForAsync("drafter");
        var id = Api.NewId("stamp");

        var invalid = await (await designer.PostJsonAsync($"{Definitions}/validate", Flows.UnknownActivity(id))).ExpectObjectAsync(HttpStatusCode.OK);
        var valid = await (await designer.PostJsonAsync($"{Definitions}/validate", Flows.Approval(id))).ExpectObjectAsync(HttpStatusCode.OK);

        Assert.False((bool)invalid["valid"]!);
        Assert.Contains(invalid["problems"]!.AsArray(), p => (string)p!["code"]! == "UnknownActivityType" && (string)p["activityId"]! == "stamp"
            && (string)p["severity"]! == "error" && ((string)p["message"]!).Contains("'Stamp'"));
        Assert.True((bool)valid["valid"]!, valid.ToJsonString());
        await (await designer.GetAsync($"{Definitions}/{id}")).ExpectAsync(HttpStatusCode.NotFound);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task EveryDefinitionEndpoint_ReturnsNotFound_ForAnUnknownDefinition(Provider provider)
    {
        var designer = await shared.For(provider).ClientForAsync("designer");
        var id = Api.NewId("missing");

        var answers = new[]
        {
            await designer.GetAsync($"{Definitions}/{id}"),
            await designer.GetAsync($"{Definitions}/{id}/versions"),
            await designer.GetAsync($"{Definitions}/{id}/export"),
            await designer.PutJsonAsync($"{Definitions}/{id}", Flows.Approval(id)),
            await designer.PostAsync($"{Definitions}/{id}/publish", null),
            await designer.PostAsync($"{Definitions}/{id}/revert/1", null),
        };

        foreach (var answer in answers)
        {
            await answer.ExpectProblemAsync(HttpStatusCode.NotFound, id);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task VersionedReads_ReturnNotFound_ForAVersionThatDoesNotExist(Provider provider)
    {
        var designer = await shared.For(provider).ClientForAsync("designer");
        var id = Api.NewId("leave");
        await (await designer.PostJsonAsync(Definitions, Flows.Approval(id))).ExpectAsync(HttpStatusCode.Created);

        var answers = new[]
        {
            await designer.GetAsync($"{Definitions}/{id}?version=7"),
            await designer.GetAsync($"{Definitions}/{id}?version=published"),
            await designer.GetAsync($"{Definitions}/{id}/export?version=7"),
            await designer.PostAsync($"{Definitions}/{id}/revert/7", null),
        };

        foreach (var answer in answers)
        {
            await answer.ExpectProblemAsync(HttpStatusCode.NotFound, id);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Get_ReturnsValidationProblem_ForAVersionThatIsNotOne(Provider provider)
    {
        var designer = await shared.For(provider).ClientForAsync("designer");
        var id = Api.NewId("leave");
        await (await designer.PostJsonAsync(Definitions, Flows.Approval(id))).ExpectAsync(HttpStatusCode.Created);

        var problem = await (await designer.GetAsync($"{Definitions}/{id}?version=newest")).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains(problem.ErrorsFor("version"), e => e.Contains("'newest'"));
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Writes_AreForbidden_ToSomeoneWhoIsNeitherAdminNorDesigner_WhileReadsAreAllowed(Provider provider)
    {
        var server = shared.For(provider);
        var drafter = await server.ClientForAsync("drafter");
        var admin = await server.ClientForAsync("admin");
        var id = Api.NewId("leave");

        await (await drafter.PostJsonAsync(Definitions, Flows.Approval(id))).ExpectAsync(HttpStatusCode.Forbidden);
        await (await admin.PostJsonAsync(Definitions, Flows.Approval(id))).ExpectAsync(HttpStatusCode.Created);

        await (await drafter.PutJsonAsync($"{Definitions}/{id}", Flows.Approval(id, "改"))).ExpectAsync(HttpStatusCode.Forbidden);
        await (await drafter.PostAsync($"{Definitions}/{id}/publish", null)).ExpectAsync(HttpStatusCode.Forbidden);
        await (await drafter.PostAsync($"{Definitions}/{id}/revert/1", null)).ExpectAsync(HttpStatusCode.Forbidden);
        await (await drafter.PostJsonAsync($"{Definitions}/import", Flows.Approval(id, "改"))).ExpectAsync(HttpStatusCode.Forbidden);
        await (await drafter.GetAsync($"{Definitions}/{id}/versions")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, (int)(await (await drafter.GetAsync($"{Definitions}/{id}")).ExpectAsync(HttpStatusCode.OK))["version"]!);
        Assert.Equal("请假审批", (string)(await (await admin.GetAsync($"{Definitions}/{id}")).ExpectAsync(HttpStatusCode.OK))["name"]!);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Create_ReturnsValidationProblem_NamingTheField_WhenTheShapeIsWrong(Provider provider)
    {
        var designer = await shared.For(provider).ClientForAsync("designer");
        var id = Api.NewId("shape");

        var nullRoot = await designer.PostJsonAsync(Definitions, $$"""{ "definitionId": "{{id}}", "name": "x", "root": null }""");
        var nullActivity = await designer.PostJsonAsync($"{Definitions}/validate", $$"""{ "definitionId": "{{id}}", "name": "x", "root": { "activities": [null] } }""");

        await nullRoot.ExpectProblemAsync(HttpStatusCode.BadRequest, "root");
        await nullActivity.ExpectProblemAsync(HttpStatusCode.BadRequest, "root.activities[0]");
        await (await designer.GetAsync($"{Definitions}/{id}")).ExpectAsync(HttpStatusCode.NotFound);
        await (await designer.GetAsync(Definitions)).ExpectAsync(HttpStatusCode.OK);
    }
}
