using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Core.Runtime;
using Workflows.Designer.Services;
using Workflows.Server.Tasks;

namespace Workflows.Procedures.Tests;

/// <summary>重大火灾隐患挂牌督办 → 销案 (城政办函〔2023〕19号、20号), through the REST API, each case reaching only its own parties.</summary>
public sealed class FireHazardSupervisionTests(ProcedureServer server) : IClassFixture<ProcedureServer>
{
    private const string OfficeReview = "区政府办公室审核";
    private const string Plan = "联合制定整改计划";
    private const string PlanConfirm = "会签确认整改计划";
    private const string Report = "整改完成报告";
    private const string Reinspect = "消防救援大队复查";
    private const string ClosureRequest = "提出销案请示";
    private const string OfficeClosure = "区政府办公室审核销案";
    private const string LeaderClosure = "区政府领导审批销案";
    private const string Mall = "阳泉嗨唱派对娱乐服务有限公司";
    private const string Hotel = "阳泉国际酒店有限公司";

    /// <summary>The mall: hazard unit <c>hazard-unit</c>, industry <c>industry</c>, police <c>police</c>.</summary>
    private Task<Matter> StartMallAsync(string deadline, string hazardUnit = "hazard-unit") => StartAsync(Mall, hazardUnit, "construction-center", "police", deadline);

    /// <summary>The hotel: hazard unit <c>hazard-unit-b</c> (and <c>hazard-guard-b</c> in its security department), industry <c>industry-b</c>, police <c>police-b</c>.</summary>
    private Task<Matter> StartHotelAsync(string deadline) => StartAsync(Hotel, "hazard-hotel", "commerce", "police-north", deadline);

    private Task<Matter> StartAsync(string unitName, string hazardUnit, string industry, string police, string deadline) =>
        Matter.StartAsync(server, "emergency", "fire-hazard-supervision", new JsonObject
        {
            ["unitName"] = unitName,
            ["hazardUnit"] = hazardUnit,
            ["industryDepartment"] = industry,
            ["policeStation"] = police,
            ["address"] = "城区北大街",
            ["hazard"] = "六层 CLUB 包间建筑面积 86m2，1 个安全出口，该包间安全出口数量不足，",
            ["clause"] = "《建筑防火通用规范》（GB55037-2022）第 7.4.2 条",
            ["deadline"] = deadline,
            ["requestNumber"] = "城应急〔2023〕38号",
        },
        "request");

    private static string LeaderApproval(string officeOpinion) => $"区政府领导审批挂牌督办（办公室意见：{officeOpinion}）";

    private static async Task ListAsync(Matter matter, string? deadline = null)
    {
        await matter.ActAsync("office-head", OfficeReview, "submit");
        await matter.ActAsync("leader", LeaderApproval("建议挂牌"), "approve",
            data: deadline is null ? null : new JsonObject { ["deadline"] = deadline });
        await matter.SignsOffAsync("挂牌督办通知");
    }

    private static Task PlanAsync(Matter matter, string industry = "industry") =>
        matter.ActAsync(industry, Plan, "submitted", data: new JsonObject
        {
            ["person"] = "许负责人",
            ["funds"] = "5万元",
            ["measures"] = "增设一个安全出口",
            ["plannedDate"] = "2099-12-10",
            ["guidance"] = "出口宽度不小于1.4米",
            ["directResponsible"] = "尤行业",
            ["supervisoryResponsible"] = "朱消防、秦民警",
            ["specificResponsible"] = "许负责人",
        });

    private static async Task CloseAsync(Matter matter)
    {
        await matter.ActAsync("emergency", ClosureRequest, "submitted", data: new JsonObject { ["requestNumber"] = "城应急〔2023〕42号" });
        await matter.ActAsync("office-head", OfficeClosure, "submit");
        await matter.ActAsync("leader", LeaderClosure, "approve");
    }

    [Fact]
    public async Task TheOfficeOnlyProposes_TheLeaderDecidesNotToList_AndAReplyIsIssued()
    {
        var matter = await StartMallAsync("2099-12-14");
        await matter.ActAsync("office-head", OfficeReview, "propose-reject", "隐患可由行业部门督促整改");
        await matter.IsRunningAsync();
        Assert.Equal(0, await matter.DocumentCountAsync());
        await matter.SeesAsync("leader", LeaderApproval("建议不予挂牌：隐患可由行业部门督促整改"));

        await matter.ActAsync("leader", LeaderApproval("建议不予挂牌：隐患可由行业部门督促整改"), "reject", "不构成重大火灾隐患");
        // The refusal is drafted, checked by the office (核稿) and signed by the leader (签发) before it has a number.
        Assert.Equal(0, await matter.DocumentCountAsync());
        await matter.SignsOffAsync("不予挂牌复函");

        await matter.EndsWithAsync("不予挂牌");
        var reply = await matter.DocumentAsync();
        Assert.Equal($"关于{Mall}不予挂牌督办的复函", reply.Title);
        Assert.Contains("不同意将", reply.Text, StringComparison.Ordinal);
        Assert.Contains("不构成重大火灾隐患", reply.Text, StringComparison.Ordinal);
        await matter.SeesNothingAsync("hazard-unit", "industry", "police", "firefighter");
    }

    [Fact]
    public async Task TwoHazardUnits_EachSeesOnlyItsOwnCase()
    {
        var mall = await StartMallAsync("2099-12-14");
        var hotel = await StartHotelAsync("2099-12-20");
        await ListAsync(mall);
        await ListAsync(hotel, deadline: "2099-12-31");

        // The plan is each case's industry department's, not every industry department's.
        await mall.SeesAsync("industry", Plan);
        await mall.SeesNothingAsync("industry-b");
        await hotel.SeesAsync("industry-b", Plan);
        await hotel.SeesNothingAsync("industry");
        await PlanAsync(mall);
        await PlanAsync(hotel, "industry-b");

        // 会签: the mall's unit and the fire brigade; the hotel's unit (its security department included) and the fire brigade.
        await mall.SeesAsync("hazard-unit", PlanConfirm);
        await mall.SeesNothingAsync("hazard-unit-b", "hazard-guard-b");
        await hotel.SeesAsync("hazard-unit-b", PlanConfirm);
        await hotel.SeesAsync("hazard-guard-b", PlanConfirm);
        await hotel.SeesNothingAsync("hazard-unit");
        var mallTask = Assert.Single(await mall.TaskIdsAsync("hazard-unit")).Id;

        var hotelUnit = await server.As("hazard-unit-b");
        var mallUnit = await server.As("hazard-unit");
        // Lists: the hotel's people find nothing of the mall's, in any scope.
        foreach (var scope in new[] { "mine", "candidate", "cc", "done" })
        {
            var page = await hotelUnit.GetFromJsonAsync<JsonObject>($"/api/tasks?scope={scope}&pageSize=200");
            Assert.DoesNotContain(page!["items"]!.AsArray(), i => i!["instanceId"]!.GetValue<string>() == mall.Id);
        }
        var instances = await hotelUnit.GetFromJsonAsync<JsonObject>("/api/workflow-instances?pageSize=200");
        var visible = instances!["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToList();
        Assert.Contains(hotel.Id, visible);
        Assert.DoesNotContain(mall.Id, visible);
        Assert.Empty(await mall.CopiesAsync("hazard-unit-b"));
        Assert.Equal([$"挂牌督办：{Mall}（整改期限 2099-12-14）"], await mall.CopiesAsync("hazard-unit"));
        Assert.Equal([$"挂牌督办：{Hotel}（整改期限 2099-12-31）"], await hotel.CopiesAsync("hazard-unit-b"));

        // Task page, instance, documents, attachments: 404 for the other unit, 200 for the case's own.
        var request = (await mall.InstanceAsync())["input"]!["request"]!.GetValue<string>();
        var listing = await mall.DocumentAsync();
        foreach (var url in new[]
        {
            $"/api/tasks/{mallTask}", $"/api/workflow-instances/{mall.Id}", $"/api/workflow-instances/{mall.Id}/documents",
            $"/api/workflow-instances/{mall.Id}/journal", $"/api/attachments/{request}",
        })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await hotelUnit.GetAsync(url)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await mallUnit.GetAsync(url)).StatusCode);
        }
        Assert.Equal($"关于同意确定{Mall}为重大火灾隐患单位的复函", listing.Title);
        var claim = await hotelUnit.PostAsync($"/api/tasks/{mallTask}/claim", null);
        Assert.True(claim.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict, $"claiming another unit's task: {claim.StatusCode}");

        // The listing notice went to the mall's parties only.
        var notice = await mall.DeliveredAsync($"{Mall}确定为区政府挂牌督办重大火灾隐患单位");
        Assert.Equal(["firefighter", "hazard-unit", "industry", "police"], notice.To);
        Assert.Equal(["emergency"], notice.Cc);
        var hotelNotice = await hotel.DeliveredAsync($"{Hotel}确定为区政府挂牌督办重大火灾隐患单位");
        Assert.Equal(["firefighter", "hazard-guard-b", "hazard-unit-b", "industry-b", "police-b"], hotelNotice.To);
    }

    [Fact]
    public async Task Rectified_AndClosed_IssuesTheListingNoticeAndTheClosureReply()
    {
        var matter = await StartMallAsync("2099-12-14");
        await ListAsync(matter, deadline: "2099-12-24");
        var listing = await matter.DocumentAsync(1);
        Assert.Matches(@"^城政办函〔\d{4}〕\d+号$", listing.Number);
        Assert.Contains("以上隐患于2099年12月24日前完成整改。", listing.Paragraphs);
        // The case's parties by name, in the reply and the notice: never a department code.
        Assert.Contains("行业主管部门（区城乡建设事务服务中心）主要负责人是直接负责人", listing.Text, StringComparison.Ordinal);
        Assert.Contains("辖区派出所（城区公安分局派出所）主要负责人是监管责任人", listing.Text, StringComparison.Ordinal);
        var notice = await matter.DeliveredBodyAsync("确定为区政府挂牌督办重大火灾隐患单位");
        Assert.Contains("行业主管部门（区城乡建设事务服务中心）", notice, StringComparison.Ordinal);
        Assert.Contains("辖区派出所（城区公安分局派出所）", notice, StringComparison.Ordinal);
        foreach (var code in new[] { "construction-center", "police", "hazard-unit" })
        {
            Assert.DoesNotContain(code, listing.Text, StringComparison.Ordinal);
            Assert.DoesNotContain(code, notice, StringComparison.Ordinal);
        }

        await PlanAsync(matter);
        await matter.SeesAsync("firefighter", PlanConfirm);
        await matter.ActAsync("firefighter", PlanConfirm, "revise", "缺少消防技术指导意见");
        await matter.ActAsync("hazard-unit", PlanConfirm, "agree");
        await PlanAsync(matter);
        await matter.ActAsync("firefighter", PlanConfirm, "agree");
        await matter.SeesNothingAsync("industry");
        await matter.ActAsync("hazard-unit", PlanConfirm, "agree");
        await matter.SeesAsync("hazard-unit", Report);
        await matter.ActAsync("hazard-unit", Report, "completed", data: new JsonObject { ["progress"] = "已增设安全出口" });
        await matter.ActAsync("firefighter", Reinspect, "fail", "新增出口宽度不足");
        await matter.SeesAsync("hazard-unit", Report);
        await matter.SeesNothingAsync("firefighter");
        await matter.ActAsync("hazard-unit", Report, "completed", data: new JsonObject { ["progress"] = "出口已加宽" });
        await matter.ActAsync("firefighter", Reinspect, "pass");
        // No stop-use was ordered, so there is none to lift.
        await matter.SeesNothingAsync("firefighter");
        await CloseAsync(matter);

        await matter.EndsWithAsync("已销案");
        var closure = await matter.DocumentAsync(2);
        Assert.Equal($"关于同意{Mall}挂牌督办重大火灾隐患单位销案的复函", closure.Title);
        Assert.Contains("（城应急〔2023〕42号）", closure.Text, StringComparison.Ordinal);
        await matter.SentEmailsAsync("确定为区政府挂牌督办重大火灾隐患单位", "复查不合格", "同意销案：" + Mall);
        var closed = await matter.DeliveredAsync("同意销案");
        Assert.Equal(["emergency", "firefighter", "hazard-unit", "industry", "police"], closed.To);

        // The supervision ledger (台账) has the case with its listing, deadline, stop-use orders and closure.
        var ledger = (await (await server.As("office-head")).GetFromJsonAsync<JsonObject>("/api/ledgers/fire-hazard-supervision"))!;
        var row = ledger["rows"]!.AsArray().Single(r => r!["matter"]!.GetValue<string>() == matter.Id)!;
        Assert.Equal((Mall, listing.Number, "2099-12-24", closure.Number, 0), (row["unitName"]!.GetValue<string>(), row["listingNumber"]!.GetValue<string>(),
            row["deadline"]!.GetValue<string>(), row["closureNumber"]!.GetValue<string>(), row["stopUseOrders"]!.GetValue<int>()));
        Assert.NotEqual("", row["listed"]!.GetValue<string>());
        Assert.NotEqual("", row["closed"]!.GetValue<string>());
    }

    /// <summary>Listed, plan agreed, reported and re-inspected: the case waits for the emergency bureau's 销案请示.</summary>
    private static async Task RectifyAsync(Matter matter, string hazardUnit, string industry)
    {
        await PlanAsync(matter, industry);
        await matter.ActAsync("firefighter", PlanConfirm, "agree");
        await matter.ActAsync(hazardUnit, PlanConfirm, "agree");
        await matter.ActAsync(hazardUnit, Report, "completed", data: new JsonObject { ["progress"] = "已整改" });
        await matter.ActAsync("firefighter", Reinspect, "pass");
    }

    private static async Task<JsonObject> WaitUntilFinishedAsync(Matter matter)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var instance = await matter.InstanceAsync();
            if (instance["status"]!.GetValue<string>() != "Running" || DateTime.UtcNow > deadline)
            {
                return instance;
            }
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task OneClosureRequestAndReply_CloseSeveralCases_EachJournalSaysWhichCaseClosedIt()
    {
        var mall = await StartMallAsync("2099-12-14");
        var hotel = await StartHotelAsync("2099-12-20");
        await ListAsync(mall);
        await ListAsync(hotel);
        await RectifyAsync(mall, "hazard-unit", "industry");
        await PlanAsync(hotel, "industry-b");
        await hotel.ActAsync("firefighter", PlanConfirm, "agree");
        await hotel.ActAsync("hazard-unit-b", PlanConfirm, "agree");
        await hotel.ActAsync("hazard-guard-b", PlanConfirm, "agree");

        // Only cases that wait for their own 销案请示 may be joined: the hotel still rectifies, and a case cannot join itself.
        foreach (var (others, reason) in new[] { (hotel.Id, "is not waiting at step 'closureRequest'"), (mall.Id, "is not another matter of this procedure") })
        {
            var (status, body) = await mall.TryActAsync("emergency", ClosureRequest, "submitted",
                data: new JsonObject { ["requestNumber"] = "城应急〔2023〕42号", ["alsoClose"] = new JsonArray(others) });
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Contains("alsoClose", body, StringComparison.Ordinal);
            Assert.Contains(reason, body, StringComparison.Ordinal);
        }
        await mall.SeesAsync("emergency", ClosureRequest);
        await hotel.ActAsync("hazard-unit-b", Report, "completed", data: new JsonObject { ["progress"] = "已整改" });
        await hotel.ActAsync("firefighter", Reinspect, "pass");

        // The outcome that closes a case with another case's reply is not a person's to choose.
        var hotelTask = Assert.Single(await hotel.TaskIdsAsync("emergency"));
        var emergency = await server.As("emergency");
        var offered = await emergency.GetFromJsonAsync<JsonObject>($"/api/tasks/{hotelTask.Id}");
        Assert.DoesNotContain(offered!["task"]!["outcomes"]!.AsArray(), o => o!["name"]!.GetValue<string>() == "closedInBatch");
        var (forged, forgedBody) = await hotel.TryActAsync("emergency", ClosureRequest, "closedInBatch");
        Assert.NotEqual(HttpStatusCode.OK, forged);
        Assert.Contains("合并办理", forgedBody, StringComparison.Ordinal);

        await mall.ActAsync("emergency", ClosureRequest, "submitted",
            data: new JsonObject { ["requestNumber"] = "城应急〔2023〕42号", ["alsoClose"] = new JsonArray(hotel.Id) });
        // Until the leader decides, the hotel's case waits where it was.
        await hotel.SeesAsync("emergency", ClosureRequest);
        await mall.ActAsync("office-head", OfficeClosure, "submit");
        // An inbox of someone in neither case, open while the leader's approval closes both: it never reloads.
        var outsiderHeard = 0;
        using var outsiderInbox = WatchInboxOf("expert2", () => Interlocked.Increment(ref outsiderHeard));
        await mall.ActAsync("leader", LeaderClosure, "approve");

        await mall.EndsWithAsync("已销案");
        var reply = await mall.DocumentAsync(2);
        Assert.Equal($"关于同意{Mall}、{Hotel}挂牌督办重大火灾隐患单位销案的复函", reply.Title);
        Assert.Contains("区政府同意对以上单位进行销案", reply.Text, StringComparison.Ordinal);
        Assert.Contains("（城应急〔2023〕42号）", reply.Text, StringComparison.Ordinal);

        var closedHotel = await WaitUntilFinishedAsync(hotel);
        Assert.Equal("Completed", closedHotel["status"]!.GetValue<string>());
        Assert.Equal("已销案", closedHotel["result"]!.GetValue<string>());
        Assert.Equal(mall.Id, closedHotel["variables"]!["closureBatch"]!["closedWith"]!.GetValue<string>());
        var journal = await (await server.As("admin")).GetFromJsonAsync<JsonArray>($"/api/workflow-instances/{hotel.Id}/journal");
        var joined = journal!.Single(e => e!["event"]!.GetValue<string>() == JournalEvents.CompletedWithOtherMatter)!;
        Assert.Equal(mall.Id, joined["data"]!["onBehalfOf"]!.GetValue<string>());
        Assert.Equal("emergency", joined["data"]!["actor"]!.GetValue<string>());
        var mallJournal = await (await server.As("admin")).GetFromJsonAsync<JsonArray>($"/api/workflow-instances/{mall.Id}/journal");
        Assert.Contains(mallJournal!, e => e!["event"]!.GetValue<string>() == JournalEvents.OtherMattersCompleted
            && e["data"]!["matters"]!.AsArray().Single()!.GetValue<string>() == hotel.Id);
        // Each case's own parties hear that it is closed; the hotel's case made no second reply.
        var hotelNotice = await hotel.DeliveredAsync("同意销案");
        Assert.Equal(["emergency", "firefighter", "hazard-guard-b", "hazard-unit-b", "industry-b", "police-b"], hotelNotice.To);
        Assert.Equal(1, await hotel.DocumentCountAsync());
        Assert.Equal(0, Volatile.Read(ref outsiderHeard));
    }

    /// <summary>What an open inbox of <paramref name="userName"/> listens to: the steps that reach their work.</summary>
    private IDisposable WatchInboxOf(string userName, Action heard)
    {
        using var scope = server.Services.CreateScope();
        var person = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, userName)], "test"));
        return server.Services.GetRequiredService<IWorkChanges>().WatchReach(scope.ServiceProvider.GetRequiredService<TaskInbox>().ReachOf(person), heard);
    }

    [Fact]
    public async Task AnExtension_IsDecidedByTheLeader_AndMovesTheDeadline()
    {
        var matter = await StartMallAsync("2099-12-14");
        await ListAsync(matter);
        await PlanAsync(matter);
        await matter.ActAsync("firefighter", PlanConfirm, "agree");
        await matter.ActAsync("hazard-unit", PlanConfirm, "agree");

        await matter.ActAsync("hazard-unit", Report, "extension", "消防设备到货延迟", new JsonObject { ["progress"] = "已完成一半", ["requestedDeadline"] = "2100-01-20" });
        const string Extension = "区政府领导审批延期申请（申请延期至 2100-01-20，现期限 2099-12-14）";
        await matter.SeesAsync("leader", Extension);
        await matter.SeesNothingAsync("hazard-unit", "office-head");
        await matter.ActAsync("leader", Extension, "approve", data: new JsonObject { ["deadline"] = "2100-01-10" });

        var admin = await server.As("admin");
        var report = (await admin.GetFromJsonAsync<JsonObject>($"/api/tasks?scope=all&instanceId={matter.Id}"))!["items"]!.AsArray()
            .Single(t => t!["title"]!.GetValue<string>() == Report)!;
        Assert.True(report["dueAt"] is not null, report.ToJsonString());
        Assert.StartsWith("2100-01-10", report["dueAt"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("2100-01-10", (await matter.InstanceAsync())["variables"]!["deadline"]!.GetValue<string>());
    }

    [Fact]
    public async Task AHazardUnitDepartmentWithNobodyInTheRole_StopsWithAnIncident_AndNoOtherUnitIsTold()
    {
        var matter = await StartMallAsync("2099-12-14", hazardUnit: "finance");
        await ListAsync(matter);

        var instance = await matter.InstanceAsync();
        Assert.Equal("Faulted", instance["status"]!.GetValue<string>());
        var incident = instance["incidents"]!.AsArray().Single()!["message"]!.GetValue<string>();
        Assert.Contains("role 'hazard-unit' in department 'finance'", incident, StringComparison.Ordinal);
        Assert.Empty(await matter.CopiesAsync("hazard-unit"));
        Assert.Empty(await matter.CopiesAsync("hazard-unit-b"));
        Assert.Empty(await matter.EmailsAsync());
    }

    [Fact]
    public async Task DeadlinePassed_WithoutACompletionReport_OrdersStopUse_AndTheReinspectionLiftsIt()
    {
        var yesterday = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-1)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var matter = await StartMallAsync(yesterday);
        await ListAsync(matter);
        await FireDeadlineAsync(matter);

        await matter.SeesAsync("firefighter", "责令停止使用");
        await matter.SeesAsync("industry", Plan, "媒体曝光");
        await matter.SeesNothingAsync("industry-b");
        await matter.SeesAsync("leader", "区政府领导督办");
        await matter.SeesAsync("emergency", $"责任追究：{Mall}（直接、监管、具体责任人）");
        var escalation = await matter.DeliveredAsync("逾期未整改");
        Assert.Equal(["leader"], escalation.To);
        Assert.Equal(["supervisor"], escalation.Cc);

        await matter.ActAsync("firefighter", "责令停止使用", "done", data: new JsonObject { ["decisionNumber"] = "城消停字〔2023〕1号" });
        await matter.ActAsync("industry", "媒体曝光", "done");
        await matter.ActAsync("leader", "区政府领导督办", "done", "限三日内完成整改");
        await matter.ActAsync("emergency", $"责任追究：{Mall}（直接、监管、具体责任人）", "done", "约谈具体责任人", new JsonObject { ["persons"] = "许负责人：约谈" });
        await PlanAsync(matter);
        await matter.ActAsync("firefighter", PlanConfirm, "agree");
        await matter.ActAsync("hazard-unit", PlanConfirm, "agree");
        await matter.ActAsync("hazard-unit", Report, "completed", data: new JsonObject { ["progress"] = "已增设安全出口" });
        await matter.ActAsync("firefighter", Reinspect, "pass");
        await matter.SeesAsync("firefighter", "解除停止使用");
        await matter.ActAsync("firefighter", "解除停止使用", "lifted");
        await CloseAsync(matter);
        await matter.EndsWithAsync("已销案");
    }

    /// <summary>
    /// The deadline branch waits on a timer due at midnight after the rectification date (yesterday here, so it is
    /// already due). A scheduler fires due timers; where none runs in this host, the test fires it through the engine.
    /// </summary>
    private async Task FireDeadlineAsync(Matter matter)
    {
        for (var waited = 0; waited < 20; waited++)
        {
            if ((await matter.InboxAsync("firefighter")).Count > 0)
            {
                return;
            }
            await Task.Delay(100);
        }
        var instance = await server.Services.GetRequiredService<IWorkflowInstanceStore>().FindAsync(matter.Id, CancellationToken.None);
        var timer = Assert.Single(instance!.Bookmarks, b => b.ActivityId == "waitDeadline");
        Assert.True(timer.DueAt <= DateTimeOffset.UtcNow, $"the deadline timer is due at {timer.DueAt:O}");
        await server.Services.GetRequiredService<WorkflowEngine>().ResumeAsync(matter.Id, timer.Id, new ResumeRequest());
    }
}
