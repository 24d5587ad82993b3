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

    /// <summary>A refusal issued at once from the shipped vehicle reply template, the leader's comment typed with markup.</summary>
    private async Task<Matter> RejectedScrappingAsync() => await SignOffFlow.StartAsync(server, await SignOffFlow.DeployDirectAsync(server, "vehicle-scrapping-decision",
        "{ unit: '区城乡建设事务服务中心', requestTitle: '关于申请报废清扫车的请示', vehicleCategory: '清扫车', requestNumber: '阳城建服字〔2023〕70号', vehicleCount: 1, "
        + "vehicles: '晋C·34567 清扫车', reason: '<b>达到报废标准</b>', decision: 'rejected', opinion: '<script>alert(1)</script>尚在使用年限内' }"));

    [Fact]
    public async Task Templates_ListTheShippedDefaults_ForAdministratorsOnly()
    {
        var admin = await server.As("admin");
        var templates = await admin.GetFromJsonAsync<JsonArray>(TemplatesUrl);
        Assert.Equal(["fair-competition-review-form", "fire-hazard-closure", "fire-hazard-listing", "fire-hazard-not-listed", "health-review-opinion", "vehicle-scrapping-decision"],
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
            var reply = await matter.DocumentAsync();
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
        await matter.DocumentAsync();
        var starter = await server.As("office-head");
        var list = await starter.GetFromJsonAsync<JsonArray>($"/api/workflow-instances/{matter.Id}/documents");
        var document = Assert.Single(list!)!;
        var html = await starter.GetAsync(document["htmlUrl"]!.GetValue<string>());
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

    /// <summary>Each shipped template issued and read back from its .docx: number, 附注 (公开属性) and 版记 where GB/T 9704-2012 puts them.</summary>
    [Theory]
    [InlineData("health-review-opinion", "{ policyTitle: '城区全民健身实施方案', department: '区卫生健康和体育局', conclusion: 'approved', conclusionLabel: '已核', opinion: '' }",
        "（此件依申请公开）", "", "阳泉市城区健康专家委员会办公室")]
    [InlineData("fair-competition-review-form", "{ title: '城区招商引资优惠办法', measureType: '招商引资', inGovernmentName: true, standards: '', consultation: '已征求意见', "
        + "assessment: '未开展', prelimOpinion: '符合', exceptionClaimed: false, exceptionReason: '', conclusion: 'compliant', conclusionLabel: '符合', opinion: '', exceptionTerm: '' }",
        "（此件依申请公开）", "", "阳泉市城区人民政府办公室")]
    [InlineData("fire-hazard-listing", "{ unitName: '阳泉嗨唱派对娱乐服务有限公司', address: '', requestNumber: '', hazard: '六层 CLUB 包间安全出口数量不足，', "
        + "clause: '《建筑防火通用规范》（GB55037-2022）第 7.4.2 条', deadline: '2023-12-14' }",
        "（此件公开发布）", "抄送：区消防救援大队。", "阳泉市城区人民政府办公室")]
    [InlineData("fire-hazard-closure", "{ unitNames: ['阳泉市交通集团万通快捷酒店有限公司', '阳泉嗨唱派对娱乐服务有限公司'], closureRequestNumber: '城应急〔2023〕42号' }",
        "（此件公开发布）", "抄送：区消防救援大队。", "阳泉市城区人民政府办公室")]
    [InlineData("vehicle-scrapping-decision", "{ unit: '区城乡建设事务服务中心', requestTitle: '关于申请报废老旧环卫作业车辆的请示', vehicleCategory: '老旧环卫作业车辆', requestNumber: '阳城建服字〔2023〕64号', "
        + "decision: 'approved', vehicleCount: 18, reason: '已不符合现有作业条件', vehicles: '晋C·12345 洒水车' }",
        "（此件公开发布）", "抄送：区财政局。", "阳泉市城区人民政府办公室")]
    public async Task EachShippedTemplate_PrintsItsNumber_PublicityNote_AndImprint(string template, string data, string note, string cc, string printedBy)
    {
        var matter = await SignOffFlow.StartAsync(server, await SignOffFlow.DeployDirectAsync(server, template, data));
        var document = await matter.DocumentAsync();
        var paragraphs = document.Paragraphs.ToList();
        Assert.Matches(@"^城政办函〔\d{4}〕\d+号$", document.Number);
        Assert.Equal(document.Number, paragraphs[1]);
        var date = paragraphs.FindIndex(p => System.Text.RegularExpressions.Regex.IsMatch(p, @"^\d{4}年\d{1,2}月\d{1,2}日$"));
        Assert.True(date > 0, "the document has a date line");
        Assert.Equal(note, paragraphs[date + 1]);
        var printed = paragraphs[^1];
        Assert.Equal($"{printedBy}{paragraphs[date]}印发", printed);
        if (cc.Length > 0)
        {
            Assert.Equal(cc, paragraphs[^2]);
        }
    }

    [Fact]
    public async Task TheClosureReply_NamesSeveralUnits_AsThe20thLetterDoes()
    {
        var matter = await SignOffFlow.StartAsync(server, await SignOffFlow.DeployDirectAsync(server, "fire-hazard-closure",
            "{ unitNames: ['阳泉市交通集团万通快捷酒店有限公司', '阳泉嗨唱派对娱乐服务有限公司'], closureRequestNumber: '城应急〔2023〕42号' }"));
        var reply = await matter.DocumentAsync();
        Assert.Equal("关于同意阳泉市交通集团万通快捷酒店有限公司、阳泉嗨唱派对娱乐服务有限公司挂牌督办重大火灾隐患单位销案的复函", reply.Title);
        Assert.Contains("接你单位《关于对阳泉市交通集团万通快捷酒店有限公司、阳泉嗨唱派对娱乐服务有限公司挂牌督办重大火灾隐患单位销案的请示》（城应急〔2023〕42号），"
            + "经区消防救援大队对以上单位火灾隐患整改情况进行复查，存在的重大火灾隐患已全部整改完毕。区政府同意对以上单位进行销案。", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheListingLetter_KeepsTheBulletinsSentences()
    {
        var matter = await SignOffFlow.StartAsync(server, await SignOffFlow.DeployDirectAsync(server, "fire-hazard-listing",
            "{ unitName: '阳泉嗨唱派对娱乐服务有限公司', address: '', requestNumber: '', hazard: '该包间安全出口数量不足，', clause: '《建筑防火通用规范》（GB55037-2022）第 7.4.2 条', deadline: '2023-12-14' }"));
        var letter = await matter.DocumentAsync();
        Assert.Contains("阳泉嗨唱派对娱乐服务有限公司", letter.Paragraphs);
        Assert.Contains("以上隐患于2023年12月14日前完成整改。", letter.Paragraphs);
        Assert.Contains("及时向挂牌督办单位提供技术指导服务", letter.Text, StringComparison.Ordinal);
        Assert.Contains("确保挂牌督办整改事项全面实施。", letter.Text, StringComparison.Ordinal);
        Assert.Contains("引起全社会的广泛关注，形成重大火灾隐患整改的良好社会氛围。", letter.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnIssuedDocument_DownloadsAsPdfA_WithItsFontEmbedded_AndADraftDoesNot()
    {
        var matter = await SignOffFlow.StartAsync(server, await SignOffFlow.DeployAsync(server, "fire-hazard-closure",
            "{ unitName: '阳泉嗨唱派对娱乐服务有限公司', closureRequestNumber: '城应急〔2023〕42号' }"));
        var draft = await matter.DraftAsync("office-head");
        var client = await server.As("office-head");
        var draftId = draft["document"]!["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/workflow-instances/{matter.Id}/documents/{draftId}/pdf")).StatusCode);
        await matter.ActAsync("office-head", SignOffFlow.Check, "submit");
        await matter.ActAsync("leader", SignOffFlow.Sign, "sign");
        var reply = await matter.DocumentAsync();

        var response = await client.GetAsync($"/api/workflow-instances/{matter.Id}/documents/{reply.Id}/pdf");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var pdf = ArchivalPdfFile.Read(bytes);
        Assert.Equal("2", pdf.Part);
        Assert.Equal("B", pdf.Conformance);
        Assert.NotEmpty(pdf.Fonts);
        Assert.All(pdf.Fonts, font => Assert.True(font.Embedded, $"font {font.Name} is not embedded"));
        Assert.Contains(reply.Number, pdf.Text, StringComparison.Ordinal);
        foreach (var expected in new[] { reply.Title, "（此件公开发布）", "抄送：区消防救援大队。", "区政府同意对阳泉嗨唱派对娱乐服务有限公司进行销案" })
        {
            Assert.True(pdf.Shows(expected), $"the PDF does not show '{expected}': {pdf.Text}");
        }
    }

    private async Task<string> OutboxIdAsync(Matter matter)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        return await db.Outbox.Where(o => o.InstanceId == matter.Id && o.Kind == SideEffectKinds.Document).Select(o => o.Id).SingleAsync();
    }
}
