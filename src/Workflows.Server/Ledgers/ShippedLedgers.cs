using Workflows.Core.Runtime;
using Workflows.Persistence.Documents;

namespace Workflows.Server.Ledgers;

/// <summary>
/// The ledgers of the shipped procedures, with the columns the office compiles by hand today; any other procedure gets
/// the general one (matter, dates, status, result, documents).
/// </summary>
public static class ShippedLedgers
{
    private static readonly LedgerColumn Matter = new("matter", "办件编号", m => m.Id);
    private static readonly LedgerColumn Started = new("started", "受理日期", m => m.Day(m.CreatedAt));
    private static readonly LedgerColumn Finished = new("finished", "办结日期", m => m.FinishedAt is { } at ? m.Day(at) : "");
    private static readonly LedgerColumn Status = new("status", "状态", m => StatusLabel(m));
    private static readonly LedgerColumn Numbers = new("documents", "文号", m => string.Join("；",
        m.Documents.Where(d => DocumentStates.IsNumbered(d.State)).OrderBy(d => d.SignedAt ?? d.CreatedAt).Select(d => d.State == DocumentStates.Voided ? $"{d.Number}（作废）" : d.Number)));

    public static readonly IReadOnlyDictionary<string, ProcedureLedger> ByDefinition = new Dictionary<string, ProcedureLedger>
    {
        ["fair-competition-review"] = new("公平竞争审查台账",
        [
            Matter,
            new("title", "政策措施名称", m => m.Text("title")),
            new("measureType", "涉及领域", m => m.Text("measureType")),
            new("inGovernmentName", "以区政府名义出台", m => m.Text("inGovernmentName")),
            Started,
            new("conclusion", "审查结论", m => FairConclusion(m)),
            new("exception", "适用例外规定", m => m.Flag("exceptionClaimed") || m.Text("conclusion") == "exception" ? "是" : "否"),
            new("exceptionReason", "例外理由", m => m.Text("exceptionReason")),
            new("exceptionTerm", "例外实施期限", m => m.Text("exceptionTerm")),
            new("thirdParty", "第三方评估", m => m.Text("assessment") is { Length: > 0 } a ? a : m.Text("thirdPartyRequested")),
            new("complaints", "被反映举报", m => m.Text("complained")),
            Finished,
            Status,
            Numbers,
        ], TotalBy: "conclusion"),
        ["health-review"] = new("健康审查台账",
        [
            Matter,
            new("title", "政策名称", m => m.Text("title")),
            new("department", "起草部门", m => m.Text("department")),
            Started,
            new("conclusion", "审查结论", m => m.Text("conclusion") switch
            {
                "approved" => "已核",
                "revise" => "修改意见",
                "notRecommended" => "建议不予发布",
                var other => other,
            }),
            Finished,
            new("workingDays", "用时（工作日）", m => m.WorkingDays),
            Status,
            Numbers,
        ], TotalBy: "conclusion"),
        ["fire-hazard-supervision"] = new("重大火灾隐患挂牌督办台账",
        [
            Matter,
            new("unitName", "隐患单位", m => m.Text("unitName")),
            new("address", "单位地址", m => m.Text("address")),
            new("hazard", "存在隐患", m => m.Text("hazard")),
            new("listed", "挂牌日期", m => m.Document("fire-hazard-listing") is { } d ? m.Day(d.SignedAt ?? d.CreatedAt) : ""),
            new("listingNumber", "挂牌文号", m => m.Document("fire-hazard-listing")?.Number ?? ""),
            new("deadline", "整改期限", m => m.Text("deadline")),
            new("stopUseOrders", "责令停止使用", m => m.TaskTitles.Count(t => t.Contains("停止使用", StringComparison.Ordinal))),
            new("closed", "销案日期", m => m.Document("fire-hazard-closure") is { } d ? m.Day(d.SignedAt ?? d.CreatedAt) : ""),
            new("closureNumber", "销案文号", m => m.Document("fire-hazard-closure")?.Number ?? ""),
            Status,
        ], TotalBy: "status"),
        ["vehicle-scrapping"] = new("车辆报废审批台账",
        [
            Matter,
            new("unit", "申请单位", m => m.Text("unit")),
            new("requestNumber", "请示文号", m => m.Text("requestNumber")),
            Started,
            new("vehicleCount", "车辆数", m => m.Number("vehicleCount")),
            new("decision", "审批结果", m => m.Text("decision") switch
            {
                "approved" => "同意报废",
                "rejected" => "不同意报废",
                var other => other,
            }),
            Numbers,
            Finished,
            Status,
        ], TotalBy: "decision", SumOf: "vehicleCount"),
    };

    public static ProcedureLedger For(string definitionId, string name) => ByDefinition.TryGetValue(definitionId, out var ledger)
        ? ledger
        : new($"{name}台账", [Matter, new("startedBy", "发起人", m => m.StartedBy ?? ""), Started, Finished, Status, Numbers], TotalBy: "status");

    private static string FairConclusion(LedgerMatter m) => m.Text("conclusion") switch
    {
        "compliant" => "符合",
        "exception" => "适用例外",
        "noncompliant" or "nonCompliant" => "不符合",
        var other => other,
    };

    private static string StatusLabel(LedgerMatter m) => m.Status switch
    {
        WorkflowStatus.Completed => m.Result is { Length: > 0 } result ? $"办结（{result}）" : "办结",
        WorkflowStatus.Cancelled => "已撤销",
        WorkflowStatus.Faulted => "出错",
        _ => "办理中",
    };
}
