namespace Workflows.Server.Organisation;

/// <summary>
/// The organisational roles the shipped procedures assign by (docs: product.md, "Role keys"). They exist in every
/// installation so the procedures validate; an office only puts its people into them.
/// </summary>
public static class RoleKeys
{
    public static readonly IReadOnlyList<(string Name, string DisplayName)> All =
    [
        ("drafter", "起草部门经办人"),
        ("drafter-head", "起草部门负责人"),
        ("health-office", "健康专家委员会办公室"),
        ("health-expert", "健康专家"),
        ("health-office-head", "健康专家委员会办公室负责人"),
        ("fair-review-unit", "初审业务机构"),
        ("fair-review-body", "特定审查机构（复核）"),
        ("market-regulation", "区市场监督管理局"),
        ("third-party-assessor", "第三方评估机构"),
        ("emergency-bureau", "区应急管理局"),
        ("fire-brigade", "区消防救援大队"),
        ("police-station", "派出所"),
        ("hazard-unit", "隐患单位"),
        ("industry-department", "行业主管部门"),
        ("gov-office", "区政府办公室"),
        ("district-leader", "区长/分管副区长"),
        ("finance", "区财政局（国有资产）"),
        ("vehicle-unit", "申请报废单位"),
        ("supervision-office", "督查室"),
    ];
}
