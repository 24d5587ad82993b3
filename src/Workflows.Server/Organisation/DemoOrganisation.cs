namespace Workflows.Server.Organisation;

/// <summary>The Development demo: the departments of product.md, one account per role key, a supervisor chain. Listed in README.</summary>
internal static class DemoOrganisation
{
    public static readonly IReadOnlyList<(string Code, string Name, string? Parent)> Departments =
    [
        ("district-gov", "阳泉市城区人民政府", null),
        ("gov-office", "区政府办公室", "district-gov"),
        ("supervision", "区政府督查室", "gov-office"),
        ("health-bureau", "区卫生健康和体育局", "district-gov"),
        ("health-committee", "区健康专家委员会办公室", "health-bureau"),
        ("market-regulation", "区市场监督管理局", "district-gov"),
        ("development-reform", "区发展和改革局", "district-gov"),
        ("emergency", "区应急管理局", "district-gov"),
        ("fire-brigade", "区消防救援大队", "district-gov"),
        ("police", "城区公安分局派出所", "district-gov"),
        ("police-north", "城区公安分局北街派出所", "district-gov"),
        ("commerce", "区商务局", "district-gov"),
        ("finance", "区财政局", "district-gov"),
        ("construction-center", "区城乡建设事务服务中心", "district-gov"),
        ("assessor", "第三方评估机构", null),
        ("hazard-unit", "隐患单位（示例商场）", null),
        ("hazard-hotel", "隐患单位（示例酒店）", null),
        ("hazard-hotel-security", "示例酒店保卫部", "hazard-hotel"),
    ];

    /// <summary>
    /// Ordered so that every supervisor comes before the people they supervise. Every chain ends at the district leader:
    /// escalations (督办) of the shipped procedures go up it, outside bodies included (the assessor answers to market
    /// regulation, the hazard unit to its industry department).
    /// </summary>
    public static readonly IReadOnlyList<DemoUser> Users =
    [
        new("leader", "王区长", "district-gov", null, ["district-leader"]),
        new("office-head", "赵主任", "gov-office", "leader", ["gov-office"]),
        new("supervisor", "钱督查", "supervision", "office-head", ["supervision-office"]),
        new("designer", "孙设计", "gov-office", "office-head", ["designer"]),
        new("health-head", "周局长", "health-committee", "leader", ["health-office-head"]),
        new("health-clerk", "吴办事员", "health-committee", "health-head", ["health-office"]),
        new("expert1", "郑专家", "health-committee", "health-head", ["health-expert"]),
        new("expert2", "冯专家", "health-committee", "health-head", ["health-expert"]),
        new("drafter-head", "陈科长", "development-reform", "leader", ["drafter-head"]),
        new("drafter", "褚经办", "development-reform", "drafter-head", ["drafter"]),
        new("fair-unit", "卫初审", "development-reform", "drafter-head", ["fair-review-unit"]),
        new("fair-body", "蒋复核", "development-reform", "drafter-head", ["fair-review-body"]),
        new("market", "沈监管", "market-regulation", "leader", ["market-regulation"]),
        new("assessor", "韩评估", "assessor", "market", ["third-party-assessor"]),
        new("emergency", "杨应急", "emergency", "leader", ["emergency-bureau"]),
        new("firefighter", "朱消防", "fire-brigade", "leader", ["fire-brigade"]),
        new("police", "秦民警", "police", "leader", ["police-station"]),
        new("industry", "尤行业", "construction-center", "leader", ["industry-department"]),
        new("hazard-unit", "许负责人", "hazard-unit", "industry", ["hazard-unit"]),
        new("finance", "何财政", "finance", "leader", ["finance"]),
        new("vehicle-unit", "吕经办", "construction-center", "industry", ["vehicle-unit"]),
        // A second case's parties, so the demo and the tests show each matter reaching only its own: another hazard unit
        // (with a sub-department) under another industry department and police station, and a second drafting
        // department with its own review organs; the unified fair-competition review body sits in market regulation.
        new("industry-b", "施商务", "commerce", "leader", ["industry-department"]),
        new("police-b", "孔民警", "police-north", "leader", ["police-station"]),
        new("hazard-unit-b", "曹负责人", "hazard-hotel", "industry-b", ["hazard-unit"]),
        new("hazard-guard-b", "严保卫", "hazard-hotel-security", "hazard-unit-b", ["hazard-unit"]),
        new("finance-drafter", "金经办", "finance", "finance", ["drafter"]),
        new("finance-fair-unit", "魏初审", "finance", "finance", ["fair-review-unit"]),
        new("finance-fair-body", "陶复核", "finance", "finance", ["fair-review-body"]),
        new("fair-center", "姜统审", "market-regulation", "market", ["fair-review-body"]),
    ];
}
