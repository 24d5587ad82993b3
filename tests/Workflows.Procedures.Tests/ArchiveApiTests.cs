using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DocumentFormat.OpenXml.Packaging;

namespace Workflows.Procedures.Tests;

/// <summary>归档 through the REST API: a finished matter packaged with its documents (.docx, HTML, PDF/A) and journal, and out of the default lists.</summary>
public sealed class ArchiveApiTests(ProcedureServer server) : IClassFixture<ProcedureServer>
{
    private const string ClosureData = "{ unitName: '阳泉嗨唱派对娱乐服务有限公司', closureRequestNumber: '城应急〔2023〕42号' }";

    [Fact]
    public async Task AFinishedMatter_IsArchivedAsAPackage_AndLeavesTheDefaultList()
    {
        var matter = await SignOffFlow.StartAsync(server, await SignOffFlow.DeployDirectAsync(server, "fire-hazard-closure", ClosureData));
        var reply = await matter.DocumentAsync();
        await matter.EndsWithAsync("issued");
        var admin = await server.As("admin");
        Assert.Contains(matter.Id, await ListAsync(admin, ""));

        var archived = await admin.PostAsync($"/api/workflow-instances/{matter.Id}/archive", null);
        Assert.Equal(HttpStatusCode.OK, archived.StatusCode);
        Assert.DoesNotContain(matter.Id, await ListAsync(admin, ""));
        Assert.Contains(matter.Id, await ListAsync(admin, "&archived=include"));
        Assert.Equal([matter.Id], (await ListAsync(admin, "&archived=only")).Where(id => id == matter.Id));

        var package = await admin.GetAsync($"/api/workflow-instances/{matter.Id}/archive");
        Assert.Equal(HttpStatusCode.OK, package.StatusCode);
        using var zip = new ZipArchive(new MemoryStream(await package.Content.ReadAsByteArrayAsync()));
        var manifest = JsonNode.Parse(zip.GetEntry("manifest.json")!.Open())!.AsObject();
        Assert.Equal(matter.Id, manifest["instanceId"]!.GetValue<string>());
        Assert.Equal("admin", manifest["archivedBy"]!.GetValue<string>());
        Assert.Equal(reply.Number, manifest["documents"]![0]!["number"]!.GetValue<string>());
        var paths = manifest["files"]!.AsArray().Select(f => f!["path"]!.GetValue<string>()).ToList();
        Assert.Contains("journal.json", paths);
        var docx = Assert.Single(paths, p => p.StartsWith("documents/", StringComparison.Ordinal) && p.EndsWith(".docx", StringComparison.Ordinal));
        Assert.Single(paths, p => p.StartsWith("documents/", StringComparison.Ordinal) && p.EndsWith(".html", StringComparison.Ordinal));
        var pdf = Assert.Single(paths, p => p.StartsWith("documents/", StringComparison.Ordinal) && p.EndsWith(".pdf", StringComparison.Ordinal));
        using (var archival = new MemoryStream())
        {
            await zip.GetEntry(pdf)!.Open().CopyToAsync(archival);
            var file = ArchivalPdfFile.Read(archival.ToArray());
            Assert.Equal(("2", "B"), (file.Part, file.Conformance));
            Assert.Contains(reply.Number, file.Text, StringComparison.Ordinal);
        }
        Assert.All(paths, p => Assert.NotNull(zip.GetEntry(p)));
        using var word = new MemoryStream();
        await zip.GetEntry(docx)!.Open().CopyToAsync(word);
        using var document = WordprocessingDocument.Open(word, false);
        Assert.Contains(reply.Number, document.MainDocumentPart!.Document!.Body!.InnerText, StringComparison.Ordinal);
        Assert.NotEmpty(JsonNode.Parse(zip.GetEntry("journal.json")!.Open())!.AsArray());
    }

    [Fact]
    public async Task ARunningMatter_CannotBeArchived_AndOnlyTheOfficeArchives()
    {
        var matter = await SignOffFlow.StartAsync(server, await SignOffFlow.DeployAsync(server, "fire-hazard-closure", ClosureData));
        var admin = await server.As("admin");
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync($"/api/workflow-instances/{matter.Id}/archive", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/workflow-instances/{matter.Id}/archive")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await server.As("leader")).PostAsync($"/api/workflow-instances/{matter.Id}/archive", null)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/workflow-instances?archived=maybe")).StatusCode);
    }

    private static async Task<IReadOnlyList<string>> ListAsync(HttpClient client, string query)
    {
        var page = await client.GetFromJsonAsync<JsonObject>($"/api/workflow-instances?pageSize=200{query}");
        return [.. page!["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>())];
    }
}
