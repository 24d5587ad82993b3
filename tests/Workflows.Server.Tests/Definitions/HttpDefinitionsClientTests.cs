using Workflows.Core.Definitions;
using Workflows.Designer.Services;
using Workflows.Designer.Services.Http;

namespace Workflows.Server.Tests.Definitions;

/// <summary>The designer's HTTP clients (what it would use in WebAssembly) against the real server's REST API.</summary>
public sealed class HttpDefinitionsClientTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private async Task<HttpDefinitionsClient> ClientAsync(string userName = "designer") =>
        new(await shared.Factory.ClientForAsync(userName));

    [Fact]
    public async Task ADefinition_IsCreated_Listed_Read_Saved_AndKeepsWhatTheDesignerDoesNotKnow()
    {
        var client = await ClientAsync();
        var id = Api.NewId("http");
        var definition = WorkflowDefinitionSerializer.Deserialize(Flows.Approval(id));
        definition.Root.Activities[1].Metadata = new() { ["designer"] = new System.Text.Json.Nodes.JsonObject { ["position"] = new System.Text.Json.Nodes.JsonObject { ["x"] = 120, ["y"] = 80 } } };

        var created = await client.CreateAsync(definition, CancellationToken.None);

        Assert.Null(created.Failure);
        Assert.Equal(1, created.Value!.Version);
        var listed = Assert.Single(await client.ListAsync(CancellationToken.None), d => d.DefinitionId == id);
        Assert.Equal(("请假审批", 1, (int?)null), (listed.Name, listed.LatestVersion, listed.PublishedVersion));
        var read = await client.GetAsync(id, null, CancellationToken.None);
        Assert.Equal(120, read!.Root.Activities[1].Metadata!["designer"]!["position"]!["x"]!.GetValue<int>());

        read.Name = "请假审批（改）";
        var saved = await client.SaveDraftAsync(read, CancellationToken.None);

        Assert.Null(saved.Failure);
        Assert.Equal("请假审批（改）", (await client.GetAsync(id, "latest", CancellationToken.None))!.Name);
        Assert.Null(await client.GetAsync("no-such-definition", null, CancellationToken.None));
    }

    [Fact]
    public async Task ASaveOverSomeoneElsesNewerSave_IsAConflict_NotALostUpdate()
    {
        var first = await ClientAsync();
        var second = await ClientAsync();
        var id = Api.NewId("http");
        await first.CreateAsync(WorkflowDefinitionSerializer.Deserialize(Flows.Approval(id)), CancellationToken.None);
        var mine = (await first.GetAsync(id, null, CancellationToken.None))!;
        var theirs = (await second.GetAsync(id, null, CancellationToken.None))!;
        theirs.Name = "他们的";
        Assert.Null((await second.SaveDraftAsync(theirs, CancellationToken.None)).Failure);

        mine.Name = "我的";
        var result = await first.SaveDraftAsync(mine, CancellationToken.None);

        Assert.Equal(FailureKind.Conflict, result.Failure?.Kind);
        Assert.Equal("他们的", (await second.GetAsync(id, null, CancellationToken.None))!.Name);
    }

    [Fact]
    public async Task Publishing_AnInvalidDefinition_ReturnsItsProblems_AndAValidOneIsPublished()
    {
        var client = await ClientAsync();
        var id = Api.NewId("http");
        var definition = WorkflowDefinitionSerializer.Deserialize(Flows.UnknownActivity(id));
        await client.CreateAsync(definition, CancellationToken.None);

        var validated = await client.ValidateAsync(definition, CancellationToken.None);
        var blocked = await client.PublishAsync(id, CancellationToken.None);

        Assert.Contains(validated, p => p.IsError && p.ActivityId == "stamp");
        Assert.Null(blocked.Published);
        Assert.Contains(blocked.Problems, p => p.IsError && p.ActivityId == "stamp");

        var fixedDefinition = WorkflowDefinitionSerializer.Deserialize(Flows.Approval(id));
        Assert.Null((await client.SaveDraftAsync(fixedDefinition, CancellationToken.None)).Failure);
        var published = await client.PublishAsync(id, CancellationToken.None);

        Assert.Equal(1, published.Published?.Version);
        Assert.Equal(true, (await client.GetAsync(id, "published", CancellationToken.None))?.IsPublished);
        var versions = await client.VersionsAsync(id, CancellationToken.None);
        Assert.Contains(versions, v => v.Version == 1 && v.IsPublished);
    }

    [Fact]
    public async Task Export_Import_AndRevert_GoThroughTheApi()
    {
        var client = await ClientAsync();
        var id = Api.NewId("http");
        var copy = Api.NewId("copy");
        await client.CreateAsync(WorkflowDefinitionSerializer.Deserialize(Flows.Approval(id)), CancellationToken.None);
        await client.PublishAsync(id, CancellationToken.None);
        var changed = (await client.GetAsync(id, null, CancellationToken.None))!;
        changed.Name = "第二版";
        Assert.Null((await client.SaveDraftAsync(changed, CancellationToken.None)).Failure);

        var json = await client.ExportAsync(id, CancellationToken.None);
        var imported = await client.ImportAsync(json!, copy, CancellationToken.None);
        var reverted = await client.RevertAsync(id, 1, CancellationToken.None);

        Assert.Equal("第二版", imported.Value?.Name);
        Assert.Equal(copy, imported.Value?.DefinitionId);
        Assert.Equal("请假审批", reverted.Value?.Name);
        Assert.Equal(FailureKind.NotFound, (await client.RevertAsync(id, 99, CancellationToken.None)).Failure?.Kind);
    }

    [Fact]
    public async Task SomeoneWhoIsNotADesigner_IsRefused_AsForbidden()
    {
        var clerk = await ClientAsync("health-clerk");

        var result = await clerk.CreateAsync(WorkflowDefinitionSerializer.Deserialize(Flows.Approval(Api.NewId("http"))), CancellationToken.None);

        Assert.Equal(FailureKind.Forbidden, result.Failure?.Kind);
    }

    [Fact]
    public async Task TheOrganisation_IsReadForTheAssigneePicker()
    {
        var organisation = await new HttpOrganisationClient(await shared.Factory.ClientForAsync("designer")).LoadAsync(CancellationToken.None);

        Assert.Contains(organisation.Users, u => u is { UserName: "health-clerk", DisplayName: "吴办事员", Department: "health-committee" });
        Assert.Contains(organisation.Roles, r => r.Name == "health-office");
        Assert.Contains(organisation.Departments, d => d.Code == "health-committee");
    }
}
