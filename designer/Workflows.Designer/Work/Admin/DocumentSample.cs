using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Workflows.Designer.Work.Admin;

/// <summary>
/// Sample <c>data</c> for a document template's preview: every <c>data.name</c> the template uses, with a value such
/// a document would carry (a unit, a 文号, a list of vehicles), so the preview reads like a real 复函 instead of blanks.
/// </summary>
public static partial class DocumentSample
{
    private static readonly Dictionary<string, string> Values = new(StringComparer.Ordinal)
    {
        ["unit"] = "区城乡建设事务服务中心",
        ["unitName"] = "区城乡建设事务服务中心",
        ["department"] = "区发展和改革局",
        ["requestNumber"] = "阳城建服字〔2026〕11号",
        ["closureRequestNumber"] = "阳城建服字〔2026〕15号",
        ["requestTitle"] = "关于申请报废老旧环卫作业车辆的请示",
        ["title"] = "关于促进城区夜间经济发展的若干措施",
        ["policyTitle"] = "关于促进城区夜间经济发展的若干措施（征求意见稿）",
        ["vehicleCategory"] = "老旧环卫作业车辆",
        ["vehicles"] = "晋C·12345 洒水车；晋C·23456 垃圾清运车",
        ["vehicleCount"] = "2",
        ["reason"] = "车辆已达报废年限，维修成本过高，已不符合现有作业条件",
        ["opinion"] = "经审核，同意报废，请按规定办理车辆注销和资产核销手续。",
        ["prelimOpinion"] = "初审未发现排除、限制竞争的内容。",
        ["conclusion"] = "经审查，该政策措施对公众健康无明显不利影响，建议出台。",
        ["conclusionLabel"] = "建议出台",
        ["decision"] = "同意",
        ["address"] = "城区北大街 88 号",
        ["hazard"] = "疏散通道堵塞，部分灭火器过期",
        ["deadline"] = "2026年12月31日",
        ["measureType"] = "规范性文件",
        ["clause"] = "第五条",
        ["standards"] = "《公平竞争审查条例》第八条至第十一条",
        ["assessment"] = "第三方评估认为整改到位",
        ["consultation"] = "已征求区市场监督管理局意见",
        ["inGovernmentName"] = "阳泉市城区人民政府",
    };

    /// <summary>The sample for the template whose Liquid <paramref name="parts"/> are given, as indented JSON.</summary>
    public static string For(params string[] parts)
    {
        var text = string.Join("\n", parts);
        var sample = new JsonObject();
        foreach (Match use in DataName().Matches(text))
        {
            var name = use.Groups["name"].Value;
            if (sample.ContainsKey(name))
            {
                continue;
            }
            // A name counted with .size or looped over is a list.
            var isList = text.Contains($"data.{name}.size", StringComparison.Ordinal) || Regex.IsMatch(text, $@"for\s+\w+\s+in\s+data\.{name}\b");
            sample[name] = isList
                ? new JsonArray("甲商场", "乙酒店")
                : Values.TryGetValue(name, out var value) ? value : "（示例）";
        }
        return sample.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    [GeneratedRegex(@"data\.(?<name>[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex DataName();
}
