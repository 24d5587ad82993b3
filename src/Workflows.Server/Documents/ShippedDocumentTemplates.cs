using Workflows.Persistence.Documents;

namespace Workflows.Server.Documents;

/// <summary>
/// The documents the district office issues for the shipped procedures, worded after the 2023 bulletin. They number
/// in the office's real series (城政办函 for replies and opinions; administrators may change a template's series).
/// </summary>
public static class ShippedDocumentTemplates
{
    private const string GovernmentOffice = "阳泉市城区人民政府办公室";
    private const string Replies = "城政办函";
    /// <summary>One unit (<c>unitName</c>) or several (<c>unitNames</c>, one reply closing several cases), joined with 、.</summary>
    private const string Units = "{% if data.unitNames.size > 0 %}{{ data.unitNames | join: '、' }}{% else %}{{ data.unitName }}{% endif %}";
    private const string Several = "data.unitNames.size > 1";

    public static readonly IReadOnlyList<DocumentTemplate> All =
    [
        new("health-review-opinion", "审查意见书", Replies,
            "关于《{{ data.policyTitle }}》的审查意见书",
            "{{ data.department }}：",
            """
            你单位提请审查的《{{ data.policyTitle }}》草案文本及起草说明已收悉。经区健康专家委员会审查，现出具审查意见如下：
            {% if data.conclusion == 'approved' %}已核。该政策不存在危害公众健康的制度性缺陷，符合公众健康要求，可按程序发布。{% elsif data.conclusion == 'revise' %}该政策部分条款不符合公众健康要求，具体意见如下：
            {{ data.opinion }}
            请根据上述意见修改后重新报送审查。{% else %}该政策存在危害公众健康的制度性缺陷，建议不予发布。
            {{ data.opinion }}{% endif %}
            审查结论｜{{ data.conclusionLabel }}
            """,
            "阳泉市城区健康专家委员会办公室", DocumentPublicity.OnRequest, "", "阳泉市城区健康专家委员会办公室"),
        new("fair-competition-review-form", "公平竞争审查表", Replies,
            "公平竞争审查表",
            "",
            """
            政策措施名称｜{{ data.title }}
            涉及领域｜{{ data.measureType }}
            是否以区政府名义出台｜{% if data.inGovernmentName %}是{% else %}否{% endif %}
            审查标准｜市场准入和退出标准、商品和要素自由流动标准、影响生产经营成本标准、影响生产经营行为标准{% if data.standards != '' %}（自查涉及：{{ data.standards }}）{% endif %}
            征求意见情况｜{{ data.consultation }}
            第三方评估情况｜{{ data.assessment }}
            初审意见｜{{ data.prelimOpinion }}
            是否申请适用例外规定｜{% if data.exceptionClaimed %}是。理由：{{ data.exceptionReason }}{% else %}否{% endif %}
            审查结论｜{{ data.conclusionLabel }}
            {% case data.conclusion %}{% when 'compliant' %}审查结论：符合。该政策措施不具有排除、限制竞争的效果，可以出台。{% when 'exception' %}审查结论：适用例外。该政策措施虽具有一定限制竞争的效果，但符合例外规定，可以出台。理由：{{ data.opinion }}{% if data.exceptionTerm != '' %}实施期限或终止条件：{{ data.exceptionTerm }}。{% endif %}{% else %}审查结论：不符合。该政策措施具有排除、限制竞争的效果，不得以现有形式出台，应当修改或者放弃出台。意见：{{ data.opinion }}{% endcase %}
            """,
            "特定审查机构", DocumentPublicity.OnRequest, "", GovernmentOffice),
        new("fire-hazard-listing", "挂牌督办通知", "城政办函",
            "关于同意确定{{ data.unitName }}为重大火灾隐患单位的复函",
            "区应急管理局：",
            """
            你局《关于确定{{ data.unitName }}为重大火灾隐患单位的请示》{% if data.requestNumber != '' %}（{{ data.requestNumber }}）{% endif %}收悉，经区政府研究，同意确定{{ data.unitName }}为区政府挂牌督办重大火灾隐患单位，现复函如下：
            一、挂牌督办单位
            {{ data.unitName }}{% if data.address != blank %}（{{ data.address }}）{% endif %}
            二、存在隐患及整改期限
            {{ data.hazard }}违反了{{ data.clause }}的规定。
            以上隐患于{{ data.deadline | cndate }}前完成整改。
            三、整改责任及整改要求
            （一）隐患单位要牢固树立主体责任意识，切实增强工作的积极性、主动性，行业主管部门{% if data.industryDepartment != blank %}（{{ data.industryDepartment }}）{% endif %}主要负责人是直接负责人，区消防部门、辖区派出所{% if data.policeStation != blank %}（{{ data.policeStation }}）{% endif %}主要负责人是监管责任人，隐患单位负责人是具体责任人。各责任人要狠抓整改工作，直至火灾隐患彻底整改。
            （二）在隐患整改期间，行业主管部门、区消防部门要坚持严格执法与热情服务相结合，与责任单位紧密联合制定切实可行的整改计划，协调解决隐患整改工作中存在的困难和问题，及时向挂牌督办单位提供技术指导服务；重大火灾隐患单位要制定具体的整改方案，按照整改期限，明确整改人、落实整改资金。在整改期间要严加防范，不间断进行巡查，确保挂牌督办期间不发生任何火灾事故，确保挂牌督办整改事项全面实施。
            （三）对重大火灾隐患久拖不改，严重违法违章从事生产、经营的单位，将严格按照《中华人民共和国消防法》责令场所停止使用，并对相关责任人进行严肃处理。同时，相关部门要利用媒体实时跟踪报道，给予公开曝光，引起全社会的广泛关注，形成重大火灾隐患整改的良好社会氛围。
            """,
            GovernmentOffice, DocumentPublicity.Public, "区消防救援大队", GovernmentOffice),
        new("fire-hazard-closure", "销案复函", Replies,
            $"关于同意{Units}挂牌督办重大火灾隐患单位销案的复函",
            "区应急管理局：",
            $$$"""
            接你单位《关于对{{{Units}}}挂牌督办重大火灾隐患单位销案的请示》{% if data.closureRequestNumber != blank %}（{{ data.closureRequestNumber }}）{% endif %}，经区消防救援大队对{% if {{{Several}}} %}以上单位{% else %}该单位{% endif %}火灾隐患整改情况进行复查，存在的重大火灾隐患已全部整改完毕。区政府同意对{% if {{{Several}}} %}以上单位{% else %}{{{Units}}}{% endif %}进行销案。同时，在今后的工作中，要严加防范，不间断进行防火巡查检查，确保不发生任何火灾事故。
            """,
            GovernmentOffice, DocumentPublicity.Public, "区消防救援大队", GovernmentOffice),
        // 不予挂牌 is the leader's decision too, and is answered like the listing: a reply to the emergency bureau's request.
        new("fire-hazard-not-listed", "不予挂牌复函", Replies,
            "关于{{ data.unitName }}不予挂牌督办的复函",
            "区应急管理局：",
            """
            你局《关于确定{{ data.unitName }}为重大火灾隐患单位的请示》{% if data.requestNumber != blank %}（{{ data.requestNumber }}）{% endif %}收悉。经区政府研究，不同意将{{ data.unitName }}确定为区政府挂牌督办重大火灾隐患单位。{{ data.opinion }}
            """,
            GovernmentOffice, DocumentPublicity.Public, "", GovernmentOffice),
        // The reply as 城政办函〔2023〕21号 words it: the request's own title and vehicle category; the plates in an annex that is not published.
        new("vehicle-scrapping-decision", "车辆报废复函", Replies,
            "{% if data.decision == 'approved' %}关于同意{{ data.unit }}{{ data.vehicleCategory }}报废的复函{% else %}关于{{ data.unit }}{{ data.vehicleCategory }}报废请示的复函{% endif %}",
            "{{ data.unit }}：",
            """
            《{{ data.unit }}{{ data.requestTitle }}》{% if data.requestNumber != blank %}（{{ data.requestNumber }}）{% endif %}已收悉。{% if data.decision == 'approved' %}经区政府研究，认为所报{{ data.vehicleCount }}辆{{ data.vehicleCategory }}，{{ data.reason }}，达到报废标准，同意报废，请按程序报废。{% else %}经区政府研究，不同意报废。{{ data.opinion }}{% endif %}
            """,
            GovernmentOffice, DocumentPublicity.Public, "区财政局", GovernmentOffice,
            "报废车辆清单", "{% if data.vehicles != blank %}{{ data.vehicles }}{% endif %}", AnnexPublic: false),
    ];

    public static DocumentTemplate? Find(string key) => All.FirstOrDefault(t => t.Key == key);
}
