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
            ["requestNumber"] = "阳城建服字〔2023〕70号",
            ["vehicleCount"] = 1,
            ["vehicles"] = "晋C·34567 清扫车",
            ["reason"] = "<b>达到报废标准</b>",
        }, "request");
        await matter.ActAsync("finance", "区财政局（国有资产）审核", "disagree", "<script>alert(1)</script>尚在使用年限内");
        return matter;
    }

    [Fact]
    public async Task Templates_ListTheShippedDefaults_ForAdministratorsOnly()
    {
        var admin = await server.As("admin");
        var templates = await admin.GetFromJsonAsync<JsonArray>(TemplatesUrl);
        Assert.Equal(["fair-competition-review-form", "fire-hazard-closure", "fire-hazard-listing", "health-review-opinion", "vehicle-scrapping-reply"],
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
        var shipped = (await admin.GetFromJsonAsync<JsonObject>($"{TemplatesUrl}/vehicle-scrapping-reply"))!;
        shipped["body"] = shipped["body"]!.GetValue<string>() + "\n特此复函。";
        (await admin.PutAsJsonAsync($"{TemplatesUrl}/vehicle-scrapping-reply", shipped)).EnsureSuccessStatusCode();
        try
        {
            var matter = await RejectedScrappingAsync();
            var reply = await matter.DocumentAsync();
            Assert.Contains("特此复函。", reply.Paragraphs);
            Assert.Contains("<script>alert(1)</script>尚在使用年限内", reply.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("<script>", reply.Html, StringComparison.Ordinal);
            Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;尚在使用年限内", reply.Html, StringComparison.Ordinal);
        }
        finally
        {
            var original = ShippedDocumentTemplates.Find("vehicle-scrapping-reply")!;
            (await admin.PutAsJsonAsync($"{TemplatesUrl}/vehicle-scrapping-reply", original)).EnsureSuccessStatusCode();
        }
    }

    [Fact]
    public async Task Documents_AreVisibleToThoseWhoMaySeeTheInstance()
    {
        var matter = await RejectedScrappingAsync();
        await matter.DocumentAsync();
        var finance = await server.As("finance");
        var list = await finance.GetFromJsonAsync<JsonArray>($"/api/workflow-instances/{matter.Id}/documents");
        var document = Assert.Single(list!)!;
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
        var first = await matter.DocumentAsync();
        await using (var scope = server.Services.CreateAsyncScope())
        {
            // As after a crash between the document's commit and the row's: the row is pending again.
            var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
            await db.Outbox.Where(o => o.InstanceId == matter.Id && o.Kind == SideEffectKinds.Document)
                .ExecuteUpdateAsync(s => s.SetProperty(o => o.State, OutboxState.Pending));
        }
        await server.Services.GetRequiredService<DocumentIssuer>().IssueAsync(
            (await OutboxIdAsync(matter)), maxAttempts: 5, CancellationToken.None);

        Assert.Equal(1, await matter.DocumentCountAsync());
        Assert.Equal(first.Number, (await matter.DocumentAsync()).Number);
        await using var check = server.Services.CreateAsyncScope();
        var row = await check.ServiceProvider.GetRequiredService<WorkflowsDbContext>().Outbox.SingleAsync(o => o.InstanceId == matter.Id && o.Kind == SideEffectKinds.Document);
        Assert.Equal(OutboxState.Sent, row.State);
    }

    private async Task<string> OutboxIdAsync(Matter matter)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        return await db.Outbox.Where(o => o.InstanceId == matter.Id && o.Kind == SideEffectKinds.Document).Select(o => o.Id).SingleAsync();
    }
}
