using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MiniExcelLibs;

namespace Workflows.Procedures.Tests;

/// <summary>台账 through the REST API: the fair-competition ledger by period, its totals by conclusion, and the same as .xlsx.</summary>
public sealed class LedgersApiTests(ProcedureServer server) : IClassFixture<ProcedureServer>
{
    private const string Prelim = "业务机构初审";
    private const string Conclude = "特定审查机构复核并作出审查结论";
    private const string Url = "/api/ledgers/fair-competition-review";

    private async Task ReviewAsync(string title, string conclusion)
    {
        var matter = await Matter.StartAsync(server, "drafter", "fair-competition-review", new JsonObject
        {
            ["title"] = title,
            ["measureType"] = "招商引资",
            ["inGovernmentName"] = false,
            ["exceptionClaimed"] = false,
            ["complained"] = false,
            ["thirdPartyRequested"] = false,
            ["unifiedReview"] = false,
        }, "draft", "explanation", "basis", "reviewForm");
        await matter.ActAsync("fair-unit", Prelim, "done", data: new JsonObject { ["opinion"] = "初审意见" });
        await matter.ActAsync("drafter", "征求利害关系人意见", "done", data: new JsonObject { ["opinions"] = "无异议" });
        await matter.ActAsync("fair-body", Conclude, conclusion, "复核意见");
        await matter.ActAsync("fair-body", "核稿签发：公平竞争审查表", "sign");
        await matter.DocumentAsync();
    }

    [Fact]
    public async Task TheFairCompetitionLedger_TotalsByConclusion_AndTheSpreadsheetSaysTheSame()
    {
        await ReviewAsync("城区促进商贸流通若干措施", "compliant");
        await ReviewAsync("城区招商引资优惠办法", "compliant");
        await ReviewAsync("城区本地企业优先采购办法", "noncompliant");
        var today = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var office = await server.As("office-head");

        var ledger = (await office.GetFromJsonAsync<JsonObject>($"{Url}?from={today}&to={today}"))!;
        var rows = ledger["rows"]!.AsArray();
        Assert.Equal(3, rows.Count);
        Assert.Equal(["城区促进商贸流通若干措施", "城区招商引资优惠办法", "城区本地企业优先采购办法"], rows.Select(r => r!["title"]!.GetValue<string>()));
        Assert.Equal(["符合", "符合", "不符合"], rows.Select(r => r!["conclusion"]!.GetValue<string>()));
        Assert.All(rows, r => Assert.Equal("否", r!["complaints"]!.GetValue<string>()));
        Assert.All(rows, r => Assert.StartsWith("城政办函〔", r!["documents"]!.GetValue<string>(), StringComparison.Ordinal));
        var totals = ledger["totals"]!["groups"]!.AsArray().ToDictionary(g => g!["value"]!.GetValue<string>(), g => g!["matters"]!.GetValue<int>());
        Assert.Equal(new Dictionary<string, int> { ["符合"] = 2, ["不符合"] = 1 }, totals);

        var earlier = (await office.GetFromJsonAsync<JsonObject>($"{Url}?to=2020-12-31"))!;
        Assert.Empty(earlier["rows"]!.AsArray());

        var xlsx = await office.GetAsync($"{Url}?from={today}&to={today}&format=xlsx");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType?.MediaType);
        using var stream = new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync());
        var sheetRows = stream.Query(useHeaderRow: true, sheetName: "台账").Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(rows.Select(r => r!["title"]!.GetValue<string>()), sheetRows.Select(r => r["政策措施名称"]?.ToString()));
        stream.Position = 0;
        var sheetTotals = stream.Query(useHeaderRow: true, sheetName: "合计").Cast<IDictionary<string, object?>>()
            .ToDictionary(r => r["分类"]!.ToString()!, r => Convert.ToInt32(r["件数"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(2, sheetTotals["符合"]);
        Assert.Equal(1, sheetTotals["不符合"]);
        Assert.Equal(ledger["totals"]!["matters"]!.GetValue<int>(), sheetTotals["合计"]);
    }

    [Fact]
    public async Task Ledgers_AreForTheOfficeAndAdministrators_AndRefuseABadPeriod()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await (await server.As("drafter")).GetAsync(Url)).StatusCode);
        var admin = await server.As("admin");
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync($"{Url}?from=2024-13-01")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync($"{Url}?from=2024-02-01&to=2024-01-01")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync($"{Url}?format=pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/ledgers/no-such-procedure")).StatusCode);
        var vehicles = (await admin.GetFromJsonAsync<JsonObject>("/api/ledgers/vehicle-scrapping"))!;
        Assert.Equal("车辆报废审批台账", vehicles["title"]!.GetValue<string>());
        Assert.Contains(vehicles["columns"]!.AsArray(), c => c!["header"]!.GetValue<string>() == "车辆数");
    }
}
