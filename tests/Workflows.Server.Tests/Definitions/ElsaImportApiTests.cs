using System.Net;
using System.Text.Json.Nodes;

namespace Workflows.Server.Tests.Definitions;

/// <summary>Elsa 3 files through <c>POST /api/workflow-definitions/import</c> and back out through <c>export?format=elsa</c>.</summary>
public sealed class ElsaImportApiTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private const string Definitions = "/api/workflow-definitions";

    private static string Corpus(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "ElsaCorpus", name));

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task ElsaFile_IsDetectedConvertedPublishedAndRuns_WritingItsLinesToTheJournal(Provider provider)
    {
        var server = shared.For(provider);
        var designer = await server.ClientForAsync("designer");
        var id = Api.NewId("elsa-loop");

        var imported = await (await designer.PostJsonAsync($"{Definitions}/import?definitionId={id}",
            "\uFEFF" + Corpus("elsa-core--Scenarios--ImportAndExecute--implicit-loop.json"))).ExpectObjectAsync(HttpStatusCode.Created);
        await (await designer.PostAsync($"{Definitions}/{id}/publish", null)).ExpectAsync(HttpStatusCode.OK);
        var instanceId = await designer.StartAsync(id);

        Assert.Equal("Looping construct", (string)imported["name"]!);
        Assert.Equal(["Decision", "SetVariable", "Start", "WriteLine"], imported["root"]!["activities"]!.AsArray().Select(a => (string)a!["type"]!).Distinct().Order());
        var instance = await (await designer.GetAsync($"/api/workflow-instances/{instanceId}")).ExpectObjectAsync(HttpStatusCode.OK);
        Assert.Equal("Completed", (string)instance["status"]!);
        var journal = (await (await designer.GetAsync($"/api/workflow-instances/{instanceId}/journal")).ExpectAsync(HttpStatusCode.OK)).AsArray();
        Assert.Equal(["Do something", "Retry", "Do something", "Done"],
            journal.Where(e => (string)e!["event"]! == "LineWritten").Select(e => (string)e!["message"]!));
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task ElsaFile_WithUnsupportedActivities_IsRefusedWithOneProblemPerActivity_AndNothingIsStored(Provider provider)
    {
        var designer = await shared.For(provider).ClientForAsync("designer");
        var id = Api.NewId("elsa-http");

        var response = await designer.PostJsonAsync($"{Definitions}/import?definitionId={id}&asDraft=true",
            Corpus("elsa-guides--src--guides--external-app-interaction--employee-onboarding.json"));

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "nothing was imported");
        var unsupported = problem["problems"]!.AsArray().Where(p => (string)p!["code"]! == "ElsaUnsupportedActivity").ToList();
        Assert.Equal(["50c91865b8ef2c09", "78f84d3cc03f652", "7f999d32038312aa", "b39d18dd92744edd"], unsupported.Select(p => (string)p!["activityId"]!).Order());
        Assert.All(unsupported, p => Assert.Contains("Elsa.RunTask: not supported", (string)p!["message"]!));
        await (await designer.GetAsync($"{Definitions}/{id}")).ExpectAsync(HttpStatusCode.NotFound);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task ElsaScriptThatCannotRun_IsAProblemAtImport_AndAsDraftKeepsIt(Provider provider)
    {
        var designer = await shared.For(provider).ClientForAsync("designer");
        var id = Api.NewId("elsa-script");
        var json = ElsaFlow("Elsa.WriteLine", """ "text": { "typeName": "String", "expression": { "type": "JavaScript", "value": "getWorkflowInstanceId()" } } """);

        var refused = await designer.PostJsonAsync($"{Definitions}/import?definitionId={id}", json);
        var missing = await designer.GetAsync($"{Definitions}/{id}");
        var draft = await designer.PostJsonAsync($"{Definitions}/import?definitionId={id}&asDraft=true", json);

        var problem = await refused.ExpectProblemAsync(HttpStatusCode.BadRequest, "asDraft=true");
        Assert.Contains(problem["problems"]!.AsArray(), p => (string)p!["code"]! == "ElsaScript" && ((string)p["message"]!).Contains("getWorkflowInstanceId"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.False((bool)(await draft.ExpectObjectAsync(HttpStatusCode.Created))["isPublished"]!);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Import_OfAnExistingId_MakesTheNextVersion_ButNeverOverwritesADraftWithoutOverwrite(Provider provider)
    {
        var server = shared.For(provider);
        var designer = await server.ClientForAsync("designer");
        var id = Api.NewId("elsa-versions");
        await server.PublishAsync(Flows.Approval(id, "已发布"));
        var json = ElsaFlow("Elsa.WriteLine", """ "text": { "typeName": "String", "expression": { "type": "Literal", "value": "第二版" } } """, id);

        var second = await (await designer.PostJsonAsync($"{Definitions}/import", json)).ExpectObjectAsync(HttpStatusCode.Created);
        var conflict = await designer.PostJsonAsync($"{Definitions}/import", json.Replace("第二版", "第三版"));
        var afterConflict = await (await designer.GetAsync($"{Definitions}/{id}")).ExpectObjectAsync(HttpStatusCode.OK);
        var overwritten = await (await designer.PostJsonAsync($"{Definitions}/import?overwrite=true", json.Replace("第二版", "第三版"))).ExpectObjectAsync(HttpStatusCode.Created);

        Assert.Equal((2, false), ((int)second["version"]!, (bool)second["isPublished"]!));
        await conflict.ExpectProblemAsync(HttpStatusCode.Conflict, "DraftExists", "overwrite=true");
        Assert.Equal("第二版", (string)afterConflict["root"]!["activities"]![1]!["inputs"]!["text"]!["value"]!);
        Assert.Equal((2, "第三版"), ((int)overwritten["version"]!, (string)overwritten["root"]!["activities"]![1]!["inputs"]!["text"]!["value"]!));
        Assert.Equal("已发布", (string)(await (await designer.GetAsync($"{Definitions}/{id}?version=published")).ExpectAsync(HttpStatusCode.OK))["name"]!);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Import_ChecksTheRootType_OfOursAndOfElsaFiles(Provider provider)
    {
        var designer = await shared.For(provider).ClientForAsync("designer");
        var ours = JsonNode.Parse(Flows.Approval(Api.NewId("root")))!.AsObject();
        ours["root"]!["type"] = "Sequence";

        var oursRefused = await designer.PostJsonAsync($"{Definitions}/import", ours.ToJsonString());
        var elsaRefused = await designer.PostJsonAsync($"{Definitions}/import?definitionId={Api.NewId("root")}",
            Corpus("elsa-core--Activities--ExecuteWorkflow--parent-no-wait.json"));

        await oursRefused.ExpectProblemAsync(HttpStatusCode.BadRequest, "UnknownRootType", "Sequence");
        await elsaRefused.ExpectProblemAsync(HttpStatusCode.BadRequest, "ElsaRootType", "Elsa.Sequence");
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task ExportAsElsa_ReadsBackAsTheSameDefinition(Provider provider)
    {
        var server = shared.For(provider);
        var designer = await server.ClientForAsync("designer");
        var id = Api.NewId("elsa-out");
        await server.PublishAsync(Flows.Approval(id));
        var original = await (await designer.GetAsync($"{Definitions}/{id}")).ExpectObjectAsync(HttpStatusCode.OK);

        var exported = await (await designer.GetAsync($"{Definitions}/{id}/export?format=elsa")).ExpectObjectAsync(HttpStatusCode.OK);
        var copy = Api.NewId("elsa-back");
        var imported = await (await designer.PostJsonAsync($"{Definitions}/import?definitionId={copy}", exported.ToJsonString())).ExpectObjectAsync(HttpStatusCode.Created);

        Assert.Equal("Elsa.Flowchart", (string)exported["root"]!["type"]!);
        Assert.Contains(exported["root"]!["activities"]!.AsArray(), a => (string)a!["type"]! == "Workflows.UserTask");
        Assert.True(JsonNode.DeepEquals(original["root"], imported["root"]), $"{original["root"]}\n{imported["root"]}");
        await (await designer.GetAsync($"{Definitions}/{id}/export?format=bpmn")).ExpectProblemAsync(HttpStatusCode.BadRequest, "format");
    }

    private static string ElsaFlow(string type, string inputs, string? definitionId = null) => $$"""
        {
          "$schema": "https://elsaworkflows.io/schemas/workflow-definition/v3.0.0/schema.json",
          "definitionId": "{{definitionId ?? "elsa-inline"}}",
          "name": "内联",
          "root": {
            "type": "Elsa.Flowchart",
            "activities": [ { "id": "a1", "type": "{{type}}", {{inputs}} } ],
            "connections": []
          }
        }
        """;
}
