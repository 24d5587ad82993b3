using System.Globalization;
using System.Text.Json.Nodes;

namespace Workflows.Cli.Seeding;

/// <summary>A matter about to be started: which procedure, who starts it, with what (files are added by the driver).</summary>
public sealed record MatterStart(string DefinitionId, SeedPerson Starter, JsonObject Input);

/// <summary>
/// Start forms of the four shipped procedures filled in the way their tests fill them, varied: who starts (a holder of
/// the procedure's starter role), which policy, unit or vehicles, and the optional checkboxes that open other paths.
/// </summary>
public static class MatterInputs
{
    public const string HealthReview = "health-review";
    public const string FairCompetitionReview = "fair-competition-review";
    public const string FireHazardSupervision = "fire-hazard-supervision";
    public const string VehicleScrapping = "vehicle-scrapping";

    /// <summary>The mix of a year in the office: reviews of policies are most of the work, 挂牌督办 the rarest.</summary>
    public static readonly IReadOnlyList<(string DefinitionId, int Weight)> Mix =
        [(HealthReview, 30), (FairCompetitionReview, 30), (FireHazardSupervision, 15), (VehicleScrapping, 25)];

    private static readonly string[] Policies =
    [
        "全民健身实施办法", "校园食品安全管理规定", "公共场所控烟管理办法", "老旧小区改造实施方案", "促进消费若干措施", "招商引资优惠办法",
        "政府采购管理规定", "养老服务补贴办法", "城市停车管理办法", "农贸市场提升改造方案", "中小企业扶持办法", "社区卫生服务管理规定",
    ];

    private static readonly string[] MeasureTypes = ["市场准入", "产业发展", "招商引资", "招标投标", "政府采购", "经营行为规范", "资质标准", "一事一议协议"];

    private static readonly string[] Vehicles = ["老旧环卫作业车辆", "公务用车", "执法执勤车辆", "老旧消防保障车辆", "通勤客车"];

    public static string Pick(Random random) =>
        Mix.SelectMany(m => Enumerable.Repeat(m.DefinitionId, m.Weight)).ElementAt(random.Next(Mix.Sum(m => m.Weight)));

    public static MatterStart For(string definitionId, SeedOrganisation organisation, Random random, DateTimeOffset at, int number) => definitionId switch
    {
        HealthReview => HealthReviewOf(organisation, random, at),
        FairCompetitionReview => FairCompetitionOf(organisation, random, at),
        FireHazardSupervision => FireHazardOf(organisation, random, at, number),
        VehicleScrapping => VehicleScrappingOf(organisation, random, at, number),
        _ => throw new ArgumentOutOfRangeException(nameof(definitionId), definitionId, "not a procedure the seed drives"),
    };

    private static MatterStart HealthReviewOf(SeedOrganisation organisation, Random random, DateTimeOffset at)
    {
        var starter = OneOf(random, organisation.Holders("drafter"));
        return new(HealthReview, starter, new JsonObject
        {
            ["title"] = $"阳泉市城区{OneOf(random, Policies)}（{at.Year}年）",
            ["department"] = organisation.Department(starter.Department).Name,
            ["contact"] = $"{starter.DisplayName} 0353-{random.Next(2000000, 9999999)}",
        });
    }

    private static MatterStart FairCompetitionOf(SeedOrganisation organisation, Random random, DateTimeOffset at)
    {
        var starter = OneOf(random, organisation.Holders("drafter"));
        var exception = random.NextDouble() < 0.1;
        var input = new JsonObject
        {
            ["title"] = $"{organisation.Department(starter.Department).Name}关于{OneOf(random, Policies)}的通知（{at.Year}年）",
            ["measureType"] = OneOf(random, MeasureTypes),
            ["inGovernmentName"] = random.NextDouble() < 0.2,
            ["unifiedReview"] = random.NextDouble() < 0.2,
            ["exceptionClaimed"] = exception,
            ["complained"] = random.NextDouble() < 0.1,
            ["thirdPartyRequested"] = random.NextDouble() < 0.1,
        };
        if (exception)
        {
            input["exceptionReason"] = "为维护国家经济安全、文化安全，涉及国防建设";
        }
        return new(FairCompetitionReview, starter, input);
    }

    private static MatterStart FireHazardOf(SeedOrganisation organisation, Random random, DateTimeOffset at, int number)
    {
        var unit = OneOf(random, organisation.HazardUnits);
        return new(FireHazardSupervision, OneOf(random, organisation.Holders("emergency-bureau")), new JsonObject
        {
            ["unitName"] = unit.Name,
            ["hazardUnit"] = unit.Code,
            ["industryDepartment"] = OneOf(random, organisation.Bureaus).Code,
            ["policeStation"] = OneOf(random, organisation.PoliceStations).Code,
            ["address"] = $"城区{random.Next(1, 300)}号",
            ["hazard"] = "包间建筑面积 86m2，仅设 1 个安全出口，安全出口数量不足",
            ["clause"] = "《建筑防火通用规范》（GB55037-2022）第 7.4.2 条",
            ["deadline"] = Date(at.AddDays(random.Next(20, 60))),
            ["requestNumber"] = $"城应急〔{at.Year}〕{number}号",
        });
    }

    private static MatterStart VehicleScrappingOf(SeedOrganisation organisation, Random random, DateTimeOffset at, int number)
    {
        var starter = OneOf(random, organisation.Holders("vehicle-unit"));
        var category = OneOf(random, Vehicles);
        var count = random.Next(1, 6);
        return new(VehicleScrapping, starter, new JsonObject
        {
            ["unit"] = organisation.Department(starter.Department).Name,
            ["requestTitle"] = $"关于申请报废{category}的请示",
            ["requestNumber"] = $"城报〔{at.Year}〕{number}号",
            ["vehicleCategory"] = category,
            ["vehicleCount"] = count,
            ["vehicles"] = string.Join("；", Enumerable.Range(1, count).Select(i => $"晋C{random.Next(10000, 99999)}，{2008 + i}年购置，行驶{random.Next(20, 60)}万公里，车况差")),
            ["reason"] = "已达到国家规定的报废标准，维修费用过高",
        });
    }

    public static string Date(DateTimeOffset at) => at.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static T OneOf<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];
}
