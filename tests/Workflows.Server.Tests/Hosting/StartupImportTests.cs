using System.Net;

namespace Workflows.Server.Tests.Hosting;

/// <summary>The shipped definitions folder (Workflows:DefinitionsPath) is imported at start, and never over an administrator's edits.</summary>
public sealed class StartupImportTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("workflows-definitions-").FullName;

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Start_ImportsTheDefinitionsFolder_PublishingTheValidOnes(Provider provider)
    {
        ServerFactory.SkipUnlessAvailable(provider);
        var (valid, invalid) = (Api.NewId("shipped"), Api.NewId("shipped-invalid"));
        File.WriteAllText(Path.Combine(_folder, "a.json"), Flows.Approval(valid, "随产品提供"));
        File.WriteAllText(Path.Combine(_folder, "b.json"), Flows.UnknownActivity(invalid));
        File.WriteAllText(Path.Combine(_folder, "c.json"), "{ this is not JSON");
        File.WriteAllText(Path.Combine(_folder, "notes.txt"), "not a definition");
        await using var server = new ServerFactory(provider) { Settings = { ["Workflows:DefinitionsPath"] = _folder } };

        var designer = await server.ClientForAsync("designer");

        var published = await (await designer.GetAsync($"/api/workflow-definitions/{valid}?version=published")).ExpectObjectAsync(HttpStatusCode.OK);
        Assert.Equal((1, "随产品提供"), ((int)published["version"]!, (string)published["name"]!));
        var draft = await (await designer.GetAsync($"/api/workflow-definitions/{invalid}")).ExpectObjectAsync(HttpStatusCode.OK);
        Assert.Equal((1, false), ((int)draft["version"]!, (bool)draft["isPublished"]!));
        await (await designer.GetAsync($"/api/workflow-definitions/{invalid}?version=published")).ExpectAsync(HttpStatusCode.NotFound);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task ASecondStart_KeepsTheEditedDefinition_AndImportsOnlyNewFiles(Provider provider)
    {
        ServerFactory.SkipUnlessAvailable(provider);
        var (shipped, added) = (Api.NewId("shipped"), Api.NewId("added"));
        File.WriteAllText(Path.Combine(_folder, "shipped.json"), Flows.Approval(shipped, "出厂版本"));
        await using var database = new ServerFactory(provider);
        await using (var first = new ServerFactory(database) { Settings = { ["Workflows:DefinitionsPath"] = _folder } })
        {
            var designer = await first.ClientForAsync("designer");
            await (await designer.PutJsonAsync($"/api/workflow-definitions/{shipped}", Flows.Approval(shipped, "管理员修改"))).ExpectAsync(HttpStatusCode.OK);
            await (await designer.PostAsync($"/api/workflow-definitions/{shipped}/publish", null)).ExpectAsync(HttpStatusCode.OK);
        }
        File.WriteAllText(Path.Combine(_folder, "shipped.json"), Flows.Approval(shipped, "新的出厂版本"));
        File.WriteAllText(Path.Combine(_folder, "added.json"), Flows.Approval(added, "新增"));

        await using var second = new ServerFactory(database) { Settings = { ["Workflows:DefinitionsPath"] = _folder } };
        var client = await second.ClientForAsync("designer");

        var published = await (await client.GetAsync($"/api/workflow-definitions/{shipped}?version=published")).ExpectObjectAsync(HttpStatusCode.OK);
        Assert.Equal((2, "管理员修改"), ((int)published["version"]!, (string)published["name"]!));
        Assert.Equal(2, (await (await client.GetAsync($"/api/workflow-definitions/{shipped}/versions")).ExpectAsync(HttpStatusCode.OK)).AsArray().Count);
        Assert.Equal("新增", (string)(await (await client.GetAsync($"/api/workflow-definitions/{added}?version=published")).ExpectAsync(HttpStatusCode.OK))["name"]!);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
