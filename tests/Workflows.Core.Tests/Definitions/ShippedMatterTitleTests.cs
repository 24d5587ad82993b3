using System.Text.Json.Nodes;
using Workflows.Core.Definitions;
using Workflows.Core.Expressions;

namespace Workflows.Core.Tests.Definitions;

/// <summary>
/// Each shipped procedure names its matters by what tells them apart (metadata.matterTitle): the unit and its 文号, the
/// policy and its drafter. This is the title the inbox, the instance page and the e-mails show.
/// </summary>
public sealed class ShippedMatterTitleTests
{
    private readonly MatterTitles _titles = new(new LiquidRenderer());

    [Theory]
    [InlineData("vehicle-scrapping", """{ "unit": "区城乡建设事务服务中心", "requestNumber": "阳城建服字〔2026〕11号", "requestTitle": "关于申请报废老旧车辆的请示" }""",
        "区城乡建设事务服务中心 阳城建服字〔2026〕11号")]
    [InlineData("fire-hazard-supervision", """{ "unitName": "示例商场", "requestNumber": "阳应急字〔2026〕3号", "address": "北大街 1 号" }""",
        "示例商场 阳应急字〔2026〕3号")]
    [InlineData("health-review", """{ "title": "关于促进夜间经济发展的若干措施", "department": "区发展和改革局", "contact": "褚经办" }""",
        "区发展和改革局《关于促进夜间经济发展的若干措施》")]
    [InlineData("fair-competition-review", """{ "title": "关于规范政府采购的通知" }""", "《关于规范政府采购的通知》")]
    [InlineData("fair-competition-complaint", """{ "title": "关于规范政府采购的通知", "complainant": "某某公司" }""", "举报《关于规范政府采购的通知》（某某公司）")]
    public void AShippedProcedure_TitlesItsMatters_ByWhatTellsThemApart(string definitionId, string input, string expected)
    {
        var definition = WorkflowDefinitionSerializer.Deserialize(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "workflows", $"{definitionId}.json")));

        Assert.Equal(expected, _titles.Of(definition, JsonNode.Parse(input)!.AsObject()));
    }

    [Fact]
    public void EveryShippedProcedure_HasAMatterTitle()
    {
        var files = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "workflows"), "*.json");

        Assert.NotEmpty(files);
        Assert.All(files, file => Assert.False(
            string.IsNullOrWhiteSpace(WorkflowDefinitionSerializer.Deserialize(File.ReadAllText(file)).Metadata?[MatterTitles.MetadataKey]?.ToString()),
            $"{Path.GetFileName(file)} has no metadata.matterTitle"));
    }
}
