using System.Text.Json.Nodes;

namespace Workflows.Procedures.Tests;

/// <summary>公平竞争审查 (城政办发〔2023〕30号), every path, through the REST API.</summary>
public sealed class FairCompetitionReviewTests(ProcedureServer server) : IClassFixture<ProcedureServer>
{
    private const string Prelim = "业务机构初审";
    private const string Conclude = "特定审查机构复核并作出审查结论";
    private const string Stakeholders = "征求利害关系人意见";
    private const string Complaint = "fair-competition-complaint";
    private const string Assessment = "第三方评估";
    private const string Revise = "修改或放弃出台";
    private const string SignOff = "核稿签发：公平竞争审查表";

    private static string Market(string prelimOpinion) => $"区市场监督管理局会同审查（初审意见：{prelimOpinion}）";

    private Task<Matter> StartAsync(string title, bool inGovernmentName = false, bool exceptionClaimed = false, string drafter = "drafter", bool unifiedReview = false,
        bool complained = false)
    {
        var input = new JsonObject
        {
            ["title"] = title,
            ["measureType"] = "招商引资",
            ["inGovernmentName"] = inGovernmentName,
            ["exceptionClaimed"] = exceptionClaimed,
            ["complained"] = complained,
            ["thirdPartyRequested"] = false,
            ["unifiedReview"] = unifiedReview,
        };
        if (exceptionClaimed)
        {
            input["exceptionReason"] = "为实现扶贫开发、救灾救助等社会保障目的";
        }
        return Matter.StartAsync(server, drafter, "fair-competition-review", input, "draft", "explanation", "basis", "reviewForm");
    }

    private static Task ConsultAsync(Matter matter, string drafter = "drafter", string opinions = "无异议") =>
        matter.ActAsync(drafter, Stakeholders, "done", data: new JsonObject { ["opinions"] = opinions });

    [Fact]
    public async Task NotInGovernmentName_AssessmentOptionalAndNotChosen_Compliant()
    {
        var matter = await StartAsync("城区促进商贸流通若干措施");
        await matter.SeesAsync("fair-unit", Prelim);
        await matter.SeesAsync("drafter", Stakeholders);
        await matter.SeesNothingAsync("market", "assessor", "fair-body", "finance-fair-unit", "fair-center");

        await matter.ActAsync("fair-unit", Prelim, "done", data: new JsonObject { ["opinion"] = "未发现排除、限制竞争的内容" });
        await matter.SeesNothingAsync("fair-body", "market");
        await ConsultAsync(matter, opinions: "两家商贸企业无异议");
        await matter.SeesAsync("fair-body", Conclude);
        await matter.ActAsync("fair-body", Conclude, "compliant");
        await matter.ActAsync("fair-body", SignOff, "sign");

        await matter.EndsWithAsync("符合");
        await matter.ReceivedAsync(
            "completed → drafter",
            "task-assigned → fair-unit",
            "task-assigned → fair-body",
            "completed → drafter",
            "send-email → drafter",
            "instance-finished → drafter");
        await matter.SentEmailsAsync("审查结论：城区促进商贸流通若干措施");
        var document = await matter.DocumentAsync();
        Assert.Equal("公平竞争审查表", document.Title);
        Assert.StartsWith("城政办函〔", document.Number, StringComparison.Ordinal);
        Assert.Contains("未开展第三方评估（非应当评估情形，起草单位未选择）", document.Paragraphs);
        Assert.Contains("已征求利害关系人意见：两家商贸企业无异议", document.Paragraphs);
        Assert.Contains("未发现排除、限制竞争的内容", document.Paragraphs);
        Assert.Contains("审查结论：符合。该政策措施不具有排除、限制竞争的效果，可以出台。", document.Paragraphs);
    }

    [Fact]
    public async Task InGovernmentName_WaitsForStakeholdersAndMarketRegulation()
    {
        var matter = await StartAsync("城区招商引资优惠政策", inGovernmentName: true);
        await matter.SeesAsync("fair-unit", Prelim);
        await matter.SeesAsync("drafter", Stakeholders);
        await matter.SeesNothingAsync("assessor", "fair-body", "market");

        // 会同审查: market regulation reviews with the initial review's opinion, so only once there is one.
        await matter.ActAsync("fair-unit", Prelim, "done", data: new JsonObject { ["opinion"] = "初审通过" });
        await matter.SeesAsync("market", Market("初审通过"));
        await ConsultAsync(matter, opinions: "三家企业无异议");
        await matter.SeesNothingAsync("fair-body");
        await matter.ActAsync("market", Market("初审通过"), "done", data: new JsonObject { ["opinion"] = "同意出台" });
        await matter.SeesAsync("fair-body", Conclude);
        await matter.ActAsync("fair-body", Conclude, "compliant");
        await matter.ActAsync("fair-body", SignOff, "sign");

        await matter.EndsWithAsync("符合");
        await matter.ReceivedAsync(
            "completed → drafter",
            "task-assigned → fair-unit",
            "task-assigned → fair-body",
            "task-assigned → market",
            "completed → drafter",
            "completed → drafter",
            "send-email → drafter",
            "instance-finished → drafter");
        var document = await matter.DocumentAsync();
        Assert.Contains("已征求利害关系人意见：三家企业无异议", document.Paragraphs);
        Assert.Contains("初审通过；区市场监督管理局会同审查意见：同意出台", document.Paragraphs);
        Assert.Contains("是", document.Paragraphs);
    }

    [Fact]
    public async Task AMeasureComplainedAbout_NeedsTheThirdPartyAssessment_BeforeTheConclusion()
    {
        var matter = await StartAsync("城区建筑垃圾处置管理办法", complained: true);
        await matter.SeesAsync("assessor", Assessment);

        await matter.ActAsync("fair-unit", Prelim, "done", data: new JsonObject { ["opinion"] = "曾被举报指定处置企业" });
        await ConsultAsync(matter);
        // Without the assessment the review body has nothing to conclude on.
        await matter.SeesNothingAsync("fair-body");
        var report = await Matter.UploadAsync(await server.As("assessor"), "评估报告.pdf");
        await matter.ActAsync("assessor", Assessment, "submitted",
            data: new JsonObject { ["report"] = report, ["opinion"] = "删除指定企业条款后不具有排除竞争效果" }, attachmentIds: [report]);
        await matter.ActAsync("fair-body", Conclude, "compliant");
        await matter.ActAsync("fair-body", SignOff, "sign");

        await matter.EndsWithAsync("符合");
        var document = await matter.DocumentAsync();
        Assert.Contains("已开展第三方评估（应当评估）：删除指定企业条款后不具有排除竞争效果", document.Paragraphs);
    }

    [Fact]
    public async Task ExceptionClaimed_MakesTheThirdPartyAssessmentMandatory_AndConcludesWithTheException()
    {
        var matter = await StartAsync("城区困难群众临时救助办法", exceptionClaimed: true);
        await matter.SeesAsync("assessor", Assessment);
        await matter.SeesAsync("fair-unit", Prelim);
        await matter.SeesNothingAsync("market", "fair-body");

        await matter.ActAsync("fair-unit", Prelim, "done", data: new JsonObject { ["opinion"] = "涉及例外规定" });
        await ConsultAsync(matter);
        await matter.SeesNothingAsync("fair-body");
        var report = await Matter.UploadAsync(await server.As("assessor"), "评估报告.pdf");
        await matter.ActAsync("assessor", Assessment, "submitted",
            data: new JsonObject { ["report"] = report, ["opinion"] = "符合例外规定情形" }, attachmentIds: [report]);

        // 适用例外 without the assessment report or without the term is refused, naming the missing field.
        var refused = await matter.TryActAsync("fair-body", Conclude, "exception", "属于社会保障目的", new JsonObject { ["exceptionTerm"] = "实施期限三年" });
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("assessmentReport", refused.Body, StringComparison.Ordinal);
        var noTerm = await matter.TryActAsync("fair-body", Conclude, "exception", "属于社会保障目的", new JsonObject { ["assessmentReport"] = report });
        Assert.Contains("exceptionTerm", noTerm.Body, StringComparison.Ordinal);
        await matter.ActAsync("fair-body", Conclude, "exception", "属于社会保障目的，对竞争影响最小",
            new JsonObject { ["exceptionTerm"] = "实施期限三年", ["assessmentReport"] = report });
        await matter.ActAsync("fair-body", SignOff, "sign");

        await matter.EndsWithAsync("适用例外");
        await matter.ReceivedAsync(
            "completed → drafter",
            "task-assigned → fair-unit",
            "task-assigned → fair-body",
            "task-assigned → assessor",
            "completed → drafter",
            "completed → drafter",
            "send-email → drafter",
            "instance-finished → drafter");
        await matter.SentEmailsAsync("审查结论");
        var document = await matter.DocumentAsync();
        Assert.Contains("已开展第三方评估（应当评估）：符合例外规定情形", document.Paragraphs);
        Assert.Contains("是。理由：为实现扶贫开发、救灾救助等社会保障目的", document.Paragraphs);
        Assert.Contains("适用例外", document.Paragraphs);
        Assert.Contains("实施期限或终止条件：实施期限三年", document.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NonCompliant_Revised_ThenCompliant()
    {
        var matter = await StartAsync("城区本地企业优先采购办法");
        await matter.ActAsync("fair-unit", Prelim, "done", data: new JsonObject { ["opinion"] = "第三条限定本地企业" });
        await ConsultAsync(matter);
        await matter.ActAsync("fair-body", Conclude, "noncompliant", "第三条排斥外地经营者参与政府采购");
        await matter.ActAsync("fair-body", SignOff, "sign");
        Assert.Contains("审查结论：不符合", (await matter.DocumentAsync(1)).Text, StringComparison.Ordinal);
        await matter.SeesAsync("drafter", Revise);
        await matter.SeesNothingAsync("fair-unit", "fair-body");

        await matter.ActAsync("drafter", Revise, "resubmit");
        await matter.SeesAsync("fair-unit", Prelim);
        await matter.ActAsync("fair-unit", Prelim, "done", data: new JsonObject { ["opinion"] = "已删除第三条" });
        await ConsultAsync(matter);
        await matter.ActAsync("fair-body", Conclude, "compliant");
        await matter.ActAsync("fair-body", SignOff, "sign");

        await matter.EndsWithAsync("符合");
        await matter.ReceivedAsync(
            "completed → drafter",
            "completed → drafter",
            "task-assigned → fair-unit",
            "task-assigned → fair-unit",
            "task-assigned → fair-body",
            "task-assigned → fair-body",
            "task-assigned → drafter",
            "completed → drafter",
            "completed → drafter",
            "completed → drafter",
            "send-email → drafter",
            "send-email → drafter",
            "instance-finished → drafter");
        await matter.SentEmailsAsync("审查结论", "审查结论");
        var second = await matter.DocumentAsync(2);
        Assert.Contains("已删除第三条", second.Paragraphs);
        Assert.Contains("审查结论：符合。该政策措施不具有排除、限制竞争的效果，可以出台。", second.Paragraphs);
    }

    [Fact]
    public async Task NonCompliant_Abandoned_EndsNonCompliant()
    {
        var matter = await StartAsync("城区特定企业补贴办法");
        await matter.ActAsync("fair-unit", Prelim, "done", data: new JsonObject { ["opinion"] = "给予特定经营者优惠" });
        await ConsultAsync(matter);
        await matter.ActAsync("fair-body", Conclude, "noncompliant", "违法给予特定经营者优惠政策");
        await matter.ActAsync("fair-body", SignOff, "sign");
        await matter.ActAsync("drafter", Revise, "abandon");

        await matter.EndsWithAsync("不符合");
        await matter.ReceivedAsync(
            "completed → drafter",
            "task-assigned → fair-unit",
            "task-assigned → fair-body",
            "task-assigned → drafter",
            "completed → drafter",
            "completed → drafter",
            "send-email → drafter");
        Assert.Contains("违法给予特定经营者优惠政策", (await matter.DocumentAsync()).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EachDraftingDepartment_IsReviewedByItsOwnOrgans()
    {
        var matter = await StartAsync("城区财政奖补资金管理办法", drafter: "finance-drafter");
        await matter.SeesAsync("finance-fair-unit", Prelim);
        await matter.SeesNothingAsync("fair-unit", "fair-body", "fair-center");

        await matter.ActAsync("finance-fair-unit", Prelim, "done", data: new JsonObject { ["opinion"] = "未发现问题" });
        await ConsultAsync(matter, "finance-drafter");
        await matter.SeesAsync("finance-fair-body", Conclude);
        await matter.SeesNothingAsync("fair-body", "fair-center");
        await matter.ActAsync("finance-fair-body", Conclude, "compliant");
        await matter.ActAsync("finance-fair-body", SignOff, "sign");
        await matter.EndsWithAsync("符合");
    }

    [Fact]
    public async Task UnifiedReview_GoesToTheDesignatedBody()
    {
        var matter = await StartAsync("城区营商环境优化措施", unifiedReview: true);
        await matter.ActAsync("fair-unit", Prelim, "done", data: new JsonObject { ["opinion"] = "初审通过" });
        await ConsultAsync(matter);

        await matter.SeesAsync("fair-center", Conclude);
        await matter.SeesNothingAsync("fair-body", "finance-fair-body");
        await matter.ActAsync("fair-center", Conclude, "compliant");
        await matter.ActAsync("fair-center", SignOff, "sign");
        await matter.EndsWithAsync("符合");
    }

    [Fact]
    public async Task AComplaint_IsVerifiedByTheDraftingDepartmentsReviewBody_CorrectedAndAnswered()
    {
        var matter = await Matter.StartAsync(server, "market", Complaint, new JsonObject
        {
            ["title"] = "城区本地企业优先采购办法",
            ["draftingDepartment"] = "development-reform",
            ["complainant"] = "某外地建材公司",
            ["contact"] = "0353-0000000",
            ["complaint"] = "第三条限定本地企业参加政府采购",
        });
        await matter.SeesAsync("fair-body", "核查举报：城区本地企业优先采购办法");
        await matter.SeesNothingAsync("finance-fair-body", "fair-center", "drafter-head");

        await matter.ActAsync("fair-body", "核查举报：城区本地企业优先采购办法", "violates", "第三条排斥外地经营者");
        const string Correct = "责令改正：城区本地企业优先采购办法（违反公平竞争审查标准：第三条排斥外地经营者）";
        await matter.SeesAsync("drafter-head", Correct);
        await matter.ActAsync("drafter-head", Correct, "corrected", data: new JsonObject { ["measures"] = "已废止第三条" });
        const string Reply = "答复举报人：某外地建材公司（违反公平竞争审查标准：第三条排斥外地经营者）";
        await matter.SeesAsync("market", Reply);
        await matter.ActAsync("market", Reply, "replied", data: new JsonObject { ["reply"] = "经核查，举报属实，已责令改正" });

        await matter.EndsWithAsync("已责令改正");
    }

    [Fact]
    public async Task AComplaintAboutADepartmentWithNoReviewBody_StopsWithAnIncident_AndNeverReachesOtherDepartments()
    {
        var matter = await Matter.StartAsync(server, "market", Complaint, new JsonObject
        {
            ["title"] = "城区建筑垃圾处置办法",
            ["draftingDepartment"] = "construction-center",
            ["complainant"] = "某运输公司",
            ["contact"] = "0353-1111111",
            ["complaint"] = "指定处置企业",
        });

        var instance = await matter.InstanceAsync();
        Assert.Equal("Faulted", instance["status"]!.GetValue<string>());
        var incident = instance["incidents"]!.AsArray().Single()!["message"]!.GetValue<string>();
        Assert.Contains("fair-review-body", incident, StringComparison.Ordinal);
        Assert.Contains("construction-center", incident, StringComparison.Ordinal);
        await matter.SeesNothingAsync("fair-body", "finance-fair-body", "fair-center");
    }
}
