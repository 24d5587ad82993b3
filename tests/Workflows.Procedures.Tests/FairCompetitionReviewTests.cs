using System.Text.Json.Nodes;

namespace Workflows.Procedures.Tests;

/// <summary>公平竞争审查 (城政办发〔2023〕30号), every path, through the REST API.</summary>
public sealed class FairCompetitionReviewTests(ProcedureServer server) : IClassFixture<ProcedureServer>
{
    private const string Prelim = "业务机构初审";
    private const string Conclude = "特定审查机构复核并作出审查结论";
    private const string Stakeholders = "征求利害关系人意见";
    private const string Market = "区市场监督管理局出具意见";
    private const string Assessment = "第三方评估";
    private const string Revise = "修改或放弃出台";

    private Task<Matter> StartAsync(string title, bool inGovernmentName = false, bool exceptionClaimed = false)
    {
        var input = new JsonObject
        {
            ["title"] = title,
            ["measureType"] = "招商引资",
            ["inGovernmentName"] = inGovernmentName,
            ["exceptionClaimed"] = exceptionClaimed,
            ["complained"] = false,
            ["thirdPartyRequested"] = false,
        };
        if (exceptionClaimed)
        {
            input["exceptionReason"] = "为实现扶贫开发、救灾救助等社会保障目的";
        }
        return Matter.StartAsync(server, "drafter", "fair-competition-review", input, "draft", "explanation", "basis", "reviewForm");
    }

    [Fact]
    public async Task NotInGovernmentName_AssessmentOptionalAndNotChosen_Compliant()
    {
        var matter = await StartAsync("城区促进商贸流通若干措施");
        await matter.SeesAsync("fair-unit", Prelim);
        await matter.SeesNothingAsync("drafter", "market", "assessor", "fair-body");

        await matter.ActAsync("fair-unit", Prelim, "done", data: new JsonObject { ["opinion"] = "未发现排除、限制竞争的内容" });
        await matter.SeesAsync("fair-body", Conclude);
        await matter.ActAsync("fair-body", Conclude, "compliant");

        await matter.EndsWithAsync("符合");
        await matter.ReceivedAsync(
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
        Assert.Contains("不适用（非以区政府名义出台）", document.Paragraphs);
        Assert.Contains("未发现排除、限制竞争的内容", document.Paragraphs);
        Assert.Contains("审查结论：符合。该政策措施不具有排除、限制竞争的效果，可以出台。", document.Paragraphs);
    }

    [Fact]
    public async Task InGovernmentName_WaitsForStakeholdersAndMarketRegulation()
    {
        var matter = await StartAsync("城区招商引资优惠政策", inGovernmentName: true);
        await matter.SeesAsync("fair-unit", Prelim);
        await matter.SeesAsync("drafter", Stakeholders);
        await matter.SeesAsync("market", Market);
        await matter.SeesNothingAsync("assessor", "fair-body");

        await matter.ActAsync("fair-unit", Prelim, "done", data: new JsonObject { ["opinion"] = "初审通过" });
        await matter.ActAsync("drafter", Stakeholders, "done", data: new JsonObject { ["opinions"] = "三家企业无异议" });
        await matter.SeesNothingAsync("fair-body");
        await matter.ActAsync("market", Market, "done", data: new JsonObject { ["opinion"] = "同意出台" });
        await matter.SeesAsync("fair-body", Conclude);
        await matter.ActAsync("fair-body", Conclude, "compliant");

        await matter.EndsWithAsync("符合");
        await matter.ReceivedAsync(
            "task-assigned → fair-unit",
            "task-assigned → fair-body",
            "task-assigned → market",
            "completed → drafter",
            "completed → drafter",
            "send-email → drafter",
            "instance-finished → drafter");
        var document = await matter.DocumentAsync();
        Assert.Contains("已征求利害关系人意见和区市场监督管理局意见", document.Paragraphs);
        Assert.Contains("是", document.Paragraphs);
    }

    [Fact]
    public async Task ExceptionClaimed_MakesTheThirdPartyAssessmentMandatory_AndConcludesWithTheException()
    {
        var matter = await StartAsync("城区困难群众临时救助办法", exceptionClaimed: true);
        await matter.SeesAsync("assessor", Assessment);
        await matter.SeesAsync("fair-unit", Prelim);
        await matter.SeesNothingAsync("market", "fair-body");

        await matter.ActAsync("fair-unit", Prelim, "done", data: new JsonObject { ["opinion"] = "涉及例外规定" });
        await matter.SeesNothingAsync("fair-body");
        var report = await Matter.UploadAsync(await server.As("assessor"), "评估报告.pdf");
        await matter.ActAsync("assessor", Assessment, "submitted",
            data: new JsonObject { ["report"] = report, ["opinion"] = "符合例外规定情形" }, attachmentIds: [report]);
        await matter.ActAsync("fair-body", Conclude, "exception", "属于社会保障目的，对竞争影响最小",
            new JsonObject { ["exceptionTerm"] = "实施期限三年" });

        await matter.EndsWithAsync("适用例外");
        await matter.ReceivedAsync(
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
        await matter.ActAsync("fair-body", Conclude, "noncompliant", "第三条排斥外地经营者参与政府采购");
        Assert.Contains("审查结论：不符合", (await matter.DocumentAsync(1)).Text, StringComparison.Ordinal);
        await matter.SeesAsync("drafter", Revise);
        await matter.SeesNothingAsync("fair-unit", "fair-body");

        await matter.ActAsync("drafter", Revise, "resubmit");
        await matter.SeesAsync("fair-unit", Prelim);
        await matter.ActAsync("fair-unit", Prelim, "done", data: new JsonObject { ["opinion"] = "已删除第三条" });
        await matter.ActAsync("fair-body", Conclude, "compliant");

        await matter.EndsWithAsync("符合");
        await matter.ReceivedAsync(
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
        await matter.ActAsync("fair-body", Conclude, "noncompliant", "违法给予特定经营者优惠政策");
        await matter.ActAsync("drafter", Revise, "abandon");

        await matter.EndsWithAsync("不符合");
        await matter.ReceivedAsync(
            "task-assigned → fair-unit",
            "task-assigned → fair-body",
            "task-assigned → drafter",
            "completed → drafter",
            "completed → drafter",
            "send-email → drafter");
        Assert.Contains("违法给予特定经营者优惠政策", (await matter.DocumentAsync()).Text, StringComparison.Ordinal);
    }
}
