using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Workflows.Procedures.Tests;

/// <summary>Draft → 核稿 → 签发 → number, and the numbering register (发文登记), through the REST API.</summary>
public sealed class DocumentSignOffTests(ProcedureServer server) : IClassFixture<ProcedureServer>
{
    private const string VehicleData = "{ unit: '区城乡建设事务服务中心', requestTitle: '关于申请报废老旧环卫作业车辆的请示', vehicleCategory: '老旧环卫作业车辆', "
        + "requestNumber: '阳城建服字〔2023〕64号', decision: 'approved', vehicleCount: 18, reason: '已不符合现有作业条件', "
        + "vehicles: '晋C·12345 洒水车\\\\n晋C·23456 垃圾车' }";

    internal static int Year => DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).Year;

    [Fact]
    public async Task ADraft_HasNoNumberUntilSignOff_AndItsTextIsFrozenAfter()
    {
        var (template, prefix) = await SignOffFlow.OwnTemplateAsync(server, "vehicle-scrapping-decision");
        var matter = await SignOffFlow.StartAsync(server, await SignOffFlow.DeployAsync(server, template, VehicleData));

        var draft = await matter.DraftAsync("office-head");
        var info = draft["document"]!;
        Assert.Equal("Draft", info["state"]!.GetValue<string>());
        Assert.Equal("", info["number"]!.GetValue<string>());
        Assert.True(draft["editable"]!.GetValue<bool>());
        var documentUrl = $"/api/workflow-instances/{matter.Id}/documents/{info["id"]}";
        var clerk = await server.As("office-head");
        Assert.Equal(HttpStatusCode.NotFound, (await clerk.GetAsync($"{documentUrl}/docx")).StatusCode);
        Assert.Contains("未编号", await clerk.GetStringAsync($"{documentUrl}/html"), StringComparison.Ordinal);

        // The leader has nothing on the matter yet and does not even see it.
        var text = draft["text"]!.AsObject();
        var leader = await server.As("leader");
        Assert.Equal(HttpStatusCode.NotFound, (await leader.PutAsJsonAsync(documentUrl, text)).StatusCode);

        text["body"]!.AsArray().Add(new JsonObject { ["text"] = "特此复函。" });
        text["cc"]!.AsArray().Add("区城市管理局");
        var edited = await clerk.PutAsJsonAsync(documentUrl, text);
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var empty = await clerk.PutAsJsonAsync(documentUrl, new { title = "", body = Array.Empty<object>() });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        // An annex's paragraphs are checked as the body's are: an empty or missing one is named, not a server error.
        foreach (var paragraph in new JsonNode?[] { new JsonObject(), null, new JsonObject { ["text"] = " " } })
        {
            var annexed = text.DeepClone().AsObject();
            annexed["annexes"] = new JsonArray(new JsonObject { ["title"] = "清单", ["body"] = new JsonArray(paragraph) });
            var refused = await clerk.PutAsJsonAsync(documentUrl, annexed);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("each annex needs a title and 1 to", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Contains("特此复函。", (await clerk.GetStringAsync(documentUrl)), StringComparison.Ordinal);

        await matter.ActAsync("office-head", SignOffFlow.Check, "submit");
        // 核稿 done: the clerk still sees the matter but no longer holds a task on it.
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.PutAsJsonAsync(documentUrl, text)).StatusCode);
        await matter.ActAsync("leader", SignOffFlow.Sign, "sign", data: new JsonObject { ["publicity"] = "依申请公开" });

        var reply = await matter.DocumentAsync();
        Assert.Equal($"{prefix}〔{Year}〕1号", reply.Number);
        Assert.Contains(reply.Number, reply.Paragraphs);
        Assert.Contains("特此复函。", reply.Paragraphs);
        Assert.Contains("《区城乡建设事务服务中心关于申请报废老旧环卫作业车辆的请示》（阳城建服字〔2023〕64号）已收悉", reply.Text, StringComparison.Ordinal);
        Assert.Contains("（此件依申请公开）", reply.Paragraphs);
        Assert.Equal("onRequest", reply.Publicity);
        Assert.Contains("附件：报废车辆清单", reply.Paragraphs);
        Assert.Contains("（此附件不予公开）", reply.Paragraphs);
        Assert.Contains("晋C·12345 洒水车", reply.Paragraphs);
        Assert.Contains("抄送：区财政局，区城市管理局。", reply.Paragraphs);
        Assert.Contains(reply.Paragraphs, p => p.StartsWith("阳泉市城区人民政府办公室", StringComparison.Ordinal) && p.EndsWith("日印发", StringComparison.Ordinal));

        var frozen = await clerk.PutAsJsonAsync(documentUrl, text);
        Assert.Equal(HttpStatusCode.Conflict, frozen.StatusCode);
        Assert.Contains(reply.Number, await frozen.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var issued = await (await server.As("admin")).GetFromJsonAsync<JsonObject>(documentUrl);
        Assert.Equal("leader", issued!["document"]!["signedBy"]!.GetValue<string>());
        Assert.False(issued["editable"]!.GetValue<bool>());
        await matter.EndsWithAsync("issued");
    }

    [Fact]
    public async Task TheRegister_ContinuesFromTheNumberSet_SkippingReservedOnes_AndNeverReusesAVoidedNumber()
    {
        var (template, prefix) = await SignOffFlow.OwnTemplateAsync(server, "vehicle-scrapping-decision");
        var definition = await SignOffFlow.DeployAsync(server, template, VehicleData);
        var admin = await server.As("admin");
        var series = $"/api/document-numbers/{Uri.EscapeDataString(prefix)}/{Year}";
        var set = await admin.PutAsJsonAsync(series, new { next = 19, reserved = new[] { 25 } });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);

        var numbers = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ => (await IssueAsync(definition)).Number));
        Assert.Equal(new[] { 19, 20, 21, 22, 23, 24, 26, 27 }.Select(n => $"{prefix}〔{Year}〕{n}号").Order(StringComparer.Ordinal),
            numbers.Order(StringComparer.Ordinal));

        var below = await admin.PutAsJsonAsync(series, new { next = 20, reserved = new[] { 25 } });
        Assert.Equal(HttpStatusCode.Conflict, below.StatusCode);
        Assert.Contains($"{prefix}〔{Year}〕20号", await below.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var register = (await admin.GetFromJsonAsync<JsonObject>(series))!;
        var entries = register["entries"]!.AsArray();
        Assert.Equal([19, 20, 21, 22, 23, 24, 26, 27], entries.Select(e => e!["sequence"]!.GetValue<int>()));
        Assert.All(entries, e => Assert.Equal("关于同意区城乡建设事务服务中心老旧环卫作业车辆报废的复函", e!["title"]!.GetValue<string>()));
        Assert.Equal(28, register["series"]!["next"]!.GetValue<int>());

        var voided = entries[0]!;
        var voidUrl = $"/api/workflow-instances/{voided["instanceId"]}/documents/{voided["documentId"]}/void";
        Assert.Equal(HttpStatusCode.Forbidden, (await (await server.As("office-head")).PostAsJsonAsync(voidUrl, new { reason = "错发" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync(voidUrl, new { reason = "错发" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync(voidUrl, new { reason = "再次" })).StatusCode);

        var next = await IssueAsync(definition);
        Assert.Equal($"{prefix}〔{Year}〕28号", next.Number);
        entries = (await admin.GetFromJsonAsync<JsonObject>(series))!["entries"]!.AsArray();
        Assert.Equal(9, entries.Count);
        Assert.Equal("Voided", entries[0]!["state"]!.GetValue<string>());
        Assert.Equal($"{prefix}〔{Year}〕19号", entries[0]!["number"]!.GetValue<string>());
        Assert.Contains((await admin.GetFromJsonAsync<JsonArray>("/api/document-numbers"))!,
            s => s!["prefix"]!.GetValue<string>() == prefix && s["next"]!.GetValue<int>() == 29 && s["issued"]!.GetValue<int>() == 9);
    }

    [Fact]
    public async Task TheRegister_IsForAdministrators_AndRefusesBadSettings()
    {
        var clerk = await server.As("office-head");
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.GetAsync("/api/document-numbers")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.PutAsJsonAsync($"/api/document-numbers/城政办函/{Year}", new { next = 5 })).StatusCode);

        var admin = await server.As("admin");
        var zero = await admin.PutAsJsonAsync($"/api/document-numbers/城政办函/{Year}", new { next = 0, reserved = new[] { -1 } });
        Assert.Equal(HttpStatusCode.BadRequest, zero.StatusCode);
        var problem = (await zero.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.NotNull(problem["errors"]!["next"]);
        Assert.NotNull(problem["errors"]!["reserved"]);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/document-numbers/无此文号/{Year}")).StatusCode);
    }

    private async Task<GeneratedDocument> IssueAsync(string definition)
    {
        var matter = await SignOffFlow.StartAsync(server, definition);
        await matter.ActAsync("office-head", SignOffFlow.Check, "submit");
        await matter.ActAsync("leader", SignOffFlow.Sign, "sign");
        return await matter.DocumentAsync();
    }
}

/// <summary>The shipped vehicle-scrapping procedure's reply goes through 核稿 (the office's review) and 签发 (the leader's approval).</summary>
public sealed class ShippedSignOffTests(ProcedureServer server) : IClassFixture<ProcedureServer>
{
    [Fact]
    public async Task TheVehicleReply_IsADraftTheOfficeEdits_NumberedOnlyWhenTheLeaderApproves()
    {
        var matter = await Matter.StartAsync(server, "vehicle-unit", "vehicle-scrapping", new JsonObject
        {
            ["unit"] = "区城乡建设事务服务中心",
            ["requestTitle"] = "关于申请报废老旧环卫作业车辆的请示",
            ["requestNumber"] = "阳城建服字〔2023〕64号",
            ["vehicleCategory"] = "老旧环卫作业车辆",
            ["vehicleCount"] = 18,
            ["vehicles"] = "晋C·12345 洒水车\n晋C·23456 垃圾车",
            ["reason"] = "已不符合现有作业条件",
        }, "request");
        await matter.ActAsync("finance", "区财政局（国有资产）审核", "agree");
        // The office's review is offered to the office; the clerk takes it, and with it the draft.
        var clerk = await server.As("office-head");
        var offered = await clerk.GetFromJsonAsync<JsonObject>($"/api/tasks?scope=candidate&instanceId={matter.Id}");
        var taskId = offered!["items"]![0]!["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await clerk.PostAsync($"/api/tasks/{taskId}/claim", null)).StatusCode);

        var draft = await matter.DraftAsync("office-head");
        Assert.True(draft["editable"]!.GetValue<bool>());
        Assert.Equal(0, await matter.DocumentCountAsync());
        var text = draft["text"]!.AsObject();
        text["body"]!.AsArray().Add(new JsonObject { ["text"] = "特此复函。" });
        var url = $"/api/workflow-instances/{matter.Id}/documents/{draft["document"]!["id"]}";
        Assert.Equal(HttpStatusCode.OK, (await (await server.As("office-head")).PutAsJsonAsync(url, text)).StatusCode);

        await matter.ActAsync("office-head", "区政府办公室审核（财政意见：同意）", "submit");
        await matter.ActAsync("leader", "区政府领导审批（财政：同意；办公室：同意）", "approve");
        var reply = await matter.DocumentAsync();
        Assert.Equal("关于同意区城乡建设事务服务中心老旧环卫作业车辆报废的复函", reply.Title);
        Assert.Matches(@"^城政办函〔\d{4}〕\d+号$", reply.Number);
        Assert.Contains("特此复函。", reply.Paragraphs);
        Assert.Contains("（此附件不予公开）", reply.Paragraphs);
        Assert.Contains("晋C·12345 洒水车", reply.Paragraphs);
        Assert.Equal(1, await matter.DocumentCountAsync());
        Assert.Equal(HttpStatusCode.Conflict, (await (await server.As("office-head")).PutAsJsonAsync(url, text)).StatusCode);
    }
}
