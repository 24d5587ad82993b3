using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Core.Runtime;
using Workflows.Persistence;
using Workflows.Persistence.Instances;
using Workflows.Server.Documents;

namespace Workflows.Procedures.Tests;

/// <summary>Document templates and generated documents through the REST API: editing, refusal, visibility, one document per request.</summary>
public sealed class DocumentsApiTests(ProcedureServer server) : IClassFixture<ProcedureServer>
{
    private const string TemplatesUrl = "/api/document-templates";

    private async Task<Matter> RejectedScrappingAsync()
    {
        var matter = await Matter.StartAsync(server, "vehicle-unit", "vehicle-scrapping", new JsonObject
        {
            ["unit"] = "区城乡建设事务服务中心",
            ["requestTitle"] = "关于申请报废清扫车的请示",
            ["requestNumber"] = "阳城建服字〔2023〕70号",
            ["vehicleCategory"] = "清扫车",
            ["vehicleCount"] = 1,
            ["vehicles"] = "晋C·34567 清扫车",
            ["reason"] = "<b>达到报废标准</b>",
        }, "request");
        await matter.ActAsync("finance", "区财政局（国有资产）审核", "disagree", "<script>alert(1)</script>尚在使用年限内");
        await matter.ActAsync("office-head", "区政府办公室审核（财政意见：不同意，<script>alert(1)</script>尚在使用年限内）", "disagree", "同意财政意见");
        var leader = Assert.Single(await matter.InboxAsync("leader"));
        await matter.ActAsync("leader", leader, "reject", "<script>alert(1)</script>尚在使用年限内");
        return matter;
    }

    [Fact]
    public async Task Templates_ListTheShippedDefaults_ForAdministratorsOnly()
    {
        var admin = await server.As("admin");
        var templates = await admin.GetFromJsonAsync<JsonArray>(TemplatesUrl);
        Assert.Equal(["fair-competition-review-form", "fire-hazard-closure", "fire-hazard-listing", "fire-hazard-not-listed", "health-review-opinion",
                "vehicle-scrapping-annex", "vehicle-scrapping-decision", "vehicle-scrapping-reply"],
            templates!.Select(t => t!["key"]!.GetValue<string>()));
        var clerk = await server.As("office-head");
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.GetAsync($"{TemplatesUrl}/fire-hazard-listing")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"{TemplatesUrl}/no-such-template")).StatusCode);
    }

    [Fact]
    public async Task SavingATemplateThatDoesNotParse_IsRefusedWithLineAndColumn()
    {
        var admin = await server.As("admin");
        var response = await admin.PutAsJsonAsync($"{TemplatesUrl}/broken-template", new
        {
            name = "坏模板",
            numberPrefix = "城政办函",
            title = "标题",
            body = "第一行\n{% if data.x %}没有结束",
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        var message = problem!["errors"]!["body"]![0]!.GetValue<string>();
        Assert.StartsWith("line ", message, StringComparison.Ordinal);
        Assert.Contains("column", message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"{TemplatesUrl}/broken-template")).StatusCode);
    }

    [Fact]
    public async Task AnEditedTemplate_IsUsedForTheNextDocument_AndValuesAreEscapedInHtml()
    {
        var admin = await server.As("admin");
        var shipped = (await admin.GetFromJsonAsync<JsonObject>($"{TemplatesUrl}/vehicle-scrapping-decision"))!;
        shipped["body"] = shipped["body"]!.GetValue<string>() + "\n特此复函。";
        (await admin.PutAsJsonAsync($"{TemplatesUrl}/vehicle-scrapping-decision", shipped)).EnsureSuccessStatusCode();
        try
        {
            var matter = await RejectedScrappingAsync();
            var reply = await matter.DocumentAsync(2, "复函");
            Assert.Contains("特此复函。", reply.Paragraphs);
            Assert.Contains("<script>alert(1)</script>尚在使用年限内", reply.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("<script>", reply.Html, StringComparison.Ordinal);
            Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;尚在使用年限内", reply.Html, StringComparison.Ordinal);
        }
        finally
        {
            var original = ShippedDocumentTemplates.Find("vehicle-scrapping-decision")!;
            (await admin.PutAsJsonAsync($"{TemplatesUrl}/vehicle-scrapping-decision", original)).EnsureSuccessStatusCode();
        }
    }

    [Fact]
    public async Task Documents_AreVisibleToThoseWhoMaySeeTheInstance()
    {
        var matter = await RejectedScrappingAsync();
        await matter.DocumentAsync(2, "复函");
        var finance = await server.As("finance");
        var list = await finance.GetFromJsonAsync<JsonArray>($"/api/workflow-instances/{matter.Id}/documents");
        Assert.Equal(2, list!.Count);
        var document = list[0]!;
        var html = await finance.GetAsync(document["htmlUrl"]!.GetValue<string>());
        Assert.Equal("text/html", html.Content.Headers.ContentType?.MediaType);

        var outsider = await server.As("police");
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/workflow-instances/{matter.Id}/documents")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync(document["docxUrl"]!.GetValue<string>())).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/attachments/{document["docxAttachmentId"]}")).StatusCode);
    }

    [Fact]
    public async Task ARequestHandledAgain_YieldsNoSecondDocument()
    {
        var matter = await RejectedScrappingAsync();
        var first = await matter.DocumentAsync(2, "复函");
        await using (var scope = server.Services.CreateAsyncScope())
        {
            // As after a crash between the document's commit and the row's: the row is pending again.
            var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
            var id = await OutboxIdAsync(matter);
            await db.Outbox.Where(o => o.Id == id).ExecuteUpdateAsync(s => s.SetProperty(o => o.State, OutboxState.Pending));
        }
        await server.Services.GetRequiredService<DocumentIssuer>().IssueAsync(
            (await OutboxIdAsync(matter)), maxAttempts: 5, CancellationToken.None);

        Assert.Equal(2, await matter.DocumentCountAsync());
        Assert.Equal(first.Number, (await matter.DocumentAsync(2, "复函")).Number);
        await using var check = server.Services.CreateAsyncScope();
        var rows = await check.ServiceProvider.GetRequiredService<WorkflowsDbContext>().Outbox.Where(o => o.InstanceId == matter.Id && o.Kind == SideEffectKinds.Document).ToListAsync();
        Assert.All(rows, row => Assert.Equal(OutboxState.Sent, row.State));
    }

    private async Task<string> OutboxIdAsync(Matter matter)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        return await db.Outbox.Where(o => o.InstanceId == matter.Id && o.Kind == SideEffectKinds.Document).OrderBy(o => o.Id).Select(o => o.Id).FirstAsync();
    }
}
