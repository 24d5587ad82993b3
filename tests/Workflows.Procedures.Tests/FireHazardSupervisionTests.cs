using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Core.Runtime;

namespace Workflows.Procedures.Tests;

/// <summary>重大火灾隐患挂牌督办 → 销案 (城政办函〔2023〕19号、20号), every path, through the REST API.</summary>
public sealed class FireHazardSupervisionTests(ProcedureServer server) : IClassFixture<ProcedureServer>
{
    private const string OfficeReview = "区政府办公室审核";
    private const string LeaderApproval = "区政府领导审批挂牌督办";
    private const string Plan = "提交整改方案";
    private const string Report = "整改完成报告";
    private const string Reinspect = "消防救援大队复查";
    private const string ClosureRequest = "提出销案请示";
    private const string OfficeClosure = "区政府办公室审核销案";
    private const string LeaderClosure = "区政府领导审批销案";
    private const string Unit = "阳泉嗨唱派对娱乐服务有限公司";

    private Task<Matter> StartAsync(string deadline) => Matter.StartAsync(server, "emergency", "fire-hazard-supervision",
        new JsonObject
        {
            ["unitName"] = Unit,
            ["address"] = "城区北大街",
            ["hazard"] = "六层 CLUB 包间建筑面积 86m2，1 个安全出口，该包间安全出口数量不足，",
            ["clause"] = "《建筑防火通用规范》（GB55037-2022）第 7.4.2 条",
            ["deadline"] = deadline,
            ["requestNumber"] = "城应急〔2023〕38号",
        },
        "request");

    private async Task<Matter> ListedAsync(string deadline = "2099-12-14")
    {
        var matter = await StartAsync(deadline);
        await matter.SeesAsync("office-head", OfficeReview);
        await matter.SeesNothingAsync("leader", "emergency", "hazard-unit");
        await matter.ActAsync("office-head", OfficeReview, "submit");
        await matter.SeesAsync("leader", LeaderApproval);
        await matter.ActAsync("leader", LeaderApproval, "approve");
        await matter.SeesAsync("hazard-unit", Plan);
        await matter.SeesNothingAsync("leader", "office-head", "industry", "police", "firefighter");
        return matter;
    }

    private static async Task RectifyAsync(Matter matter)
    {
        await matter.ActAsync("hazard-unit", Plan, "submitted", data: new JsonObject
        {
            ["person"] = "许负责人",
            ["funds"] = "5万元",
            ["measures"] = "增设一个安全出口",
            ["plannedDate"] = "2023-12-10",
        });
        await matter.SeesAsync("hazard-unit", Report);
        await matter.ActAsync("hazard-unit", Report, "completed", data: new JsonObject { ["progress"] = "已增设安全出口" });
    }

    private static async Task CloseAsync(Matter matter)
    {
        await matter.SeesAsync("emergency", ClosureRequest);
        await matter.ActAsync("emergency", ClosureRequest, "submitted", data: new JsonObject { ["requestNumber"] = "城应急〔2023〕42号" });
        await matter.ActAsync("office-head", OfficeClosure, "submit");
        await matter.ActAsync("leader", LeaderClosure, "approve");
    }

    [Fact]
    public async Task ListingRejected_ByTheLeader_Ends()
    {
        var matter = await StartAsync("2099-12-14");
        await matter.ActAsync("office-head", OfficeReview, "submit");
        await matter.ActAsync("leader", LeaderApproval, "reject", "隐患不构成重大火灾隐患，由行业部门督促整改");

        await matter.EndsWithAsync("不予挂牌");
        await matter.ReceivedAsync(
            "task-assigned → office-head",
            "task-assigned → leader",
            "completed → emergency",
            "send-email → emergency",
            "instance-finished → emergency");
        await matter.SeesNothingAsync("hazard-unit", "emergency", "firefighter");
        await matter.SentEmailsAsync("不予挂牌：" + Unit);
        var rejected = await matter.DeliveredAsync("不予挂牌");
        Assert.Equal(["emergency"], rejected.To);
        Assert.Equal(0, await matter.DocumentCountAsync());
    }

    [Fact]
    public async Task Rectified_AndClosed_IssuesTheListingNoticeAndTheClosureReply()
    {
        var matter = await ListedAsync();
        var listing = await matter.DocumentAsync(1);
        Assert.Equal($"关于同意确定{Unit}为重大火灾隐患单位的复函", listing.Title);
        Assert.Matches(@"^城政办函〔\d{4}〕\d+号$", listing.Number);
        Assert.Contains("区应急管理局：", listing.Paragraphs);
        Assert.Contains("以上隐患于2099年12月14日前完成整改。", listing.Paragraphs);
        Assert.Contains("第 7.4.2 条的规定", listing.Text, StringComparison.Ordinal);
        var notice = (await matter.EmailsAsync())[0];
        Assert.Equal(new[] { "hazard-unit", "industry-department", "fire-brigade", "police-station" },
            notice["to"]!["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        var delivered = await matter.DeliveredAsync("确定为区政府挂牌督办重大火灾隐患单位");
        Assert.Equal(["firefighter", "hazard-unit", "industry", "police"], delivered.To);
        Assert.Equal(["emergency"], delivered.Cc);
        foreach (var copied in new[] { "hazard-unit", "industry", "firefighter", "police", "emergency" })
        {
            Assert.Equal([$"挂牌督办：{Unit}（整改期限 2099-12-14）"], await matter.CopiesAsync(copied));
        }

        await RectifyAsync(matter);
        await matter.SeesAsync("firefighter", Reinspect);
        await matter.ActAsync("firefighter", Reinspect, "pass");
        await CloseAsync(matter);

        await matter.EndsWithAsync("已销案");
        await matter.ReceivedAsync(
            "task-assigned → office-head",
            "task-assigned → office-head",
            "task-assigned → leader",
            "task-assigned → leader",
            "task-assigned → hazard-unit",
            "task-assigned → firefighter",
            "task-assigned → emergency",
            "completed → emergency",
            "completed → emergency",
            "completed → emergency",
            "completed → emergency",
            "completed → emergency",
            "completed → emergency",
            "send-email → hazard-unit",
            "send-email → hazard-unit",
            "send-email → industry",
            "send-email → industry",
            "send-email → firefighter",
            "send-email → firefighter",
            "send-email → police",
            "send-email → police",
            "send-email → emergency",
            "send-email cc emergency",
            "instance-finished → emergency");
        await matter.SeesNothingAsync("hazard-unit", "firefighter", "emergency", "leader");
        await matter.SentEmailsAsync("确定为区政府挂牌督办重大火灾隐患单位", "同意销案：" + Unit);
        var closure = await matter.DocumentAsync(2);
        Assert.Equal($"关于同意{Unit}挂牌督办重大火灾隐患单位销案的复函", closure.Title);
        Assert.Contains("（城应急〔2023〕42号）", closure.Text, StringComparison.Ordinal);
        Assert.Contains("存在的重大火灾隐患已全部整改完毕", closure.Text, StringComparison.Ordinal);
        Assert.NotEqual(listing.Number, closure.Number);
    }

    [Fact]
    public async Task FailedReinspection_SendsTheUnitBackToRectify()
    {
        var matter = await ListedAsync();
        await RectifyAsync(matter);
        await matter.ActAsync("firefighter", Reinspect, "fail", "新增出口宽度不足");
        await matter.SeesAsync("hazard-unit", Report);
        await matter.SeesNothingAsync("firefighter", "emergency");
        var failMail = (await matter.EmailsAsync())[^1];
        Assert.Contains("复查不合格", failMail["subject"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("新增出口宽度不足", failMail["body"]!.GetValue<string>(), StringComparison.Ordinal);

        await matter.ActAsync("hazard-unit", Report, "completed", data: new JsonObject { ["progress"] = "出口已加宽" });
        await matter.ActAsync("firefighter", Reinspect, "pass");
        await CloseAsync(matter);
        await matter.EndsWithAsync("已销案");
        await matter.ReceivedAsync(
            "task-assigned → office-head",
            "task-assigned → office-head",
            "task-assigned → leader",
            "task-assigned → leader",
            "task-assigned → hazard-unit",
            "task-assigned → hazard-unit",
            "task-assigned → firefighter",
            "task-assigned → firefighter",
            "task-assigned → emergency",
            "completed → emergency",
            "completed → emergency",
            "completed → emergency",
            "completed → emergency",
            "completed → emergency",
            "completed → emergency",
            "completed → emergency",
            "completed → emergency",
            "send-email → hazard-unit",
            "send-email → hazard-unit",
            "send-email → hazard-unit",
            "send-email → industry",
            "send-email → industry",
            "send-email → industry",
            "send-email → firefighter",
            "send-email → firefighter",
            "send-email → police",
            "send-email → police",
            "send-email → emergency",
            "send-email cc emergency",
            "instance-finished → emergency");
        await matter.SentEmailsAsync("确定为区政府挂牌督办", "复查不合格", "同意销案");
    }

    [Fact]
    public async Task DeadlinePassed_OrdersStopUseAndExposure_EscalatesToTheLeader_AndRectificationGoesOn()
    {
        var yesterday = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-1)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var matter = await ListedAsync(yesterday);
        await FireDeadlineAsync(matter);

        await matter.SeesAsync("firefighter", "责令停止使用");
        await matter.SeesAsync("industry", "媒体曝光");
        await matter.SeesAsync("leader", "区政府领导督办");
        await matter.SeesAsync("hazard-unit", Plan);
        await matter.IsRunningAsync();
        var overdue = (await matter.EmailsAsync())[^1];
        Assert.Contains("逾期未整改", overdue["subject"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("district-leader", overdue["to"]!["roles"]![0]!.GetValue<string>());
        Assert.Equal("supervision-office", overdue["cc"]!["roles"]![0]!.GetValue<string>());
        var escalation = await matter.DeliveredAsync("逾期未整改");
        Assert.Equal(["leader"], escalation.To);
        Assert.Equal(["supervisor"], escalation.Cc);

        await matter.ActAsync("firefighter", "责令停止使用", "done", data: new JsonObject { ["decisionNumber"] = "城消停字〔2023〕1号" });
        await matter.ActAsync("industry", "媒体曝光", "done");
        await matter.ActAsync("leader", "区政府领导督办", "done", "限三日内完成整改");
        await matter.ActAsync("hazard-unit", Plan, "submitted", data: new JsonObject
        {
            ["person"] = "许负责人",
            ["funds"] = "5万元",
            ["measures"] = "增设一个安全出口",
            ["plannedDate"] = "2023-12-10",
        });
        // The report is due at the passed deadline: its 督办 goes at once to the leader (escalateTo), copied to 督查室.
        var late = await matter.DeliveredKindAsync("escalation");
        Assert.Equal(["leader"], late.To);
        Assert.Equal(["supervisor"], late.Cc);
        await matter.ActAsync("hazard-unit", Report, "completed", data: new JsonObject { ["progress"] = "已增设安全出口" });
        await matter.ActAsync("firefighter", Reinspect, "pass");
        await CloseAsync(matter);
        await matter.EndsWithAsync("已销案");
        await matter.ReceivedAsync(
            "task-assigned → office-head",
            "task-assigned → office-head",
            "task-assigned → leader",
            "task-assigned → leader",
            "task-assigned → leader",
            "task-assigned → hazard-unit",
            "task-assigned → firefighter",
            "task-assigned → firefighter",
            "task-assigned → industry",
            "task-assigned → emergency",
            "completed → emergency",
            "completed → emergency",
            "completed → emergency",
            "completed → emergency",
            "completed → emergency",
            "completed → emergency",
            "completed → emergency",
            "completed → emergency",
            "completed → emergency",
            "cc → supervisor",
            "send-email → hazard-unit",
            "send-email → hazard-unit",
            "send-email → industry",
            "send-email → industry",
            "send-email → firefighter",
            "send-email → firefighter",
            "send-email → police",
            "send-email → police",
            "send-email → emergency",
            "send-email cc emergency",
            "send-email → leader",
            "send-email cc supervisor",
            "escalation → leader",
            "escalation cc supervisor",
            "instance-finished → emergency");
        await matter.SentEmailsAsync("确定为区政府挂牌督办", "逾期未整改", "同意销案");
    }

    /// <summary>
    /// The deadline branch waits on a timer due at midnight after the rectification date (yesterday here, so it is
    /// already due). A scheduler fires due timers; where none runs in this host, the test fires it through the engine.
    /// </summary>
    private async Task FireDeadlineAsync(Matter matter)
    {
        for (var waited = 0; waited < 20; waited++)
        {
            if ((await matter.InboxAsync("industry")).Count > 0)
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
