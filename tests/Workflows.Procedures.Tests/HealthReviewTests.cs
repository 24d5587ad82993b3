using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Workflows.Procedures.Tests;

/// <summary>公共政策健康审查 (城政办发〔2023〕23号), every path, through the REST API.</summary>
public sealed class HealthReviewTests(ProcedureServer server) : IClassFixture<ProcedureServer>
{
    private const string Check = "形式审查（受理）";
    private const string Review = "专家审查";
    private const string Opinion = "出具审查意见书";
    private const string OpinionLabel = "《审查意见书》";

    private Task<Matter> StartAsync(string title) => Matter.StartAsync(server, "drafter", "health-review",
        new JsonObject { ["title"] = title, ["department"] = "区发展和改革局", ["contact"] = "褚经办 0353-1234567" },
        "letter", "draft", "explanation");

    [Fact]
    public async Task Approved_AtOnce_IssuesAnOpinionMarkedChecked()
    {
        var matter = await StartAsync("阳泉市城区全民健身实施办法");
        await matter.SeesAsync("health-clerk", Check);
        await matter.SeesNothingAsync("drafter", "expert1", "expert2", "health-head");

        await matter.ActAsync("health-clerk", Check, "accept");
        await matter.SeesAsync("expert1", Review);
        await matter.SeesAsync("expert2", Review);
        await matter.SeesNothingAsync("health-clerk", "drafter");

        await matter.ActAsync("expert1", Review, "agree");
        await matter.SeesNothingAsync("expert1", "health-clerk");
        await matter.ActAsync("expert2", Review, "agree");
        await matter.SeesAsync("health-clerk", Opinion);
        await matter.ActAsync("health-clerk", Opinion, "approved");
        await matter.SignsOffAsync(OpinionLabel, "health-clerk", "health-head");

        await matter.EndsWithAsync("已核");
        await matter.ReceivedAsync(
            "completed → drafter",
            "completed → drafter",
            "task-assigned → health-head",
            "task-assigned → health-clerk",
            "task-assigned → health-clerk",
            "task-assigned → expert1",
            "task-assigned → expert2",
            "completed → drafter",
            "completed → drafter",
            "cc → health-head",
            "send-email → drafter",
            "instance-finished → drafter");
        await matter.SeesNothingAsync("drafter", "health-clerk", "expert1", "expert2");
        await matter.SentEmailsAsync("《审查意见书》已出具：阳泉市城区全民健身实施办法");
        var document = await matter.DocumentAsync();
        Assert.StartsWith("城政办函〔", document.Number, StringComparison.Ordinal);
        Assert.Equal("关于《阳泉市城区全民健身实施办法》的审查意见书", document.Title);
        Assert.Contains(document.Number, document.Paragraphs);
        Assert.Contains("区发展和改革局：", document.Paragraphs);
        Assert.Contains("已核。该政策不存在危害公众健康的制度性缺陷", document.Text, StringComparison.Ordinal);
        Assert.Contains("阳泉市城区健康专家委员会办公室", document.Paragraphs);
        Assert.Contains("已核", document.Html, StringComparison.Ordinal);

        // The health-review ledger (台账): the conclusion, the working days taken and the opinion's number.
        var ledger = (await (await server.As("admin")).GetFromJsonAsync<JsonObject>("/api/ledgers/health-review"))!;
        var row = ledger["rows"]!.AsArray().Single(r => r!["matter"]!.GetValue<string>() == matter.Id)!;
        Assert.Equal(("阳泉市城区全民健身实施办法", "已核", document.Number), (row["title"]!.GetValue<string>(), row["conclusion"]!.GetValue<string>(), row["documents"]!.GetValue<string>()));
        Assert.InRange(row["workingDays"]!.GetValue<int>(), 0, 7);
    }

    [Fact]
    public async Task ReturnedForSupplement_GoesBackToTheDrafterAndThenToTheNamedExpert()
    {
        var matter = await StartAsync("城区校园食品安全管理规定");
        await matter.ActAsync("health-clerk", Check, "supplement", "缺少起草说明，请补正");
        await matter.SeesAsync("drafter", "补正材料");
        await matter.SeesNothingAsync("health-clerk", "expert1");

        await matter.ActAsync("drafter", "补正材料", "resubmit");
        await matter.SeesAsync("health-clerk", Check);
        await matter.ActAsync("health-clerk", Check, "accept", data: new JsonObject { ["experts"] = new JsonArray("expert1") });
        await matter.SeesAsync("expert1", Review);
        await matter.SeesNothingAsync("expert2");

        await matter.ActAsync("expert1", Review, "agree");
        await matter.ActAsync("health-clerk", Opinion, "approved");
        await matter.SignsOffAsync(OpinionLabel, "health-clerk", "health-head");

        await matter.EndsWithAsync("已核");
        await matter.ReceivedAsync(
            "completed → drafter",
            "completed → drafter",
            "task-assigned → health-head",
            "task-assigned → health-clerk",
            "task-assigned → health-clerk",
            "task-assigned → health-clerk",
            "task-assigned → drafter",
            "task-assigned → expert1",
            "returned → drafter",
            "completed → drafter",
            "completed → drafter",
            "cc → health-head",
            "send-email → drafter",
            "instance-finished → drafter");
        await matter.SentEmailsAsync("《审查意见书》已出具");
        // The 退回补正 notice is the one 退回 e-mail, to the starter, with the office's reason.
        var returned = await matter.DeliveredKindAsync("returned");
        Assert.Equal(["drafter"], returned.To);
        Assert.Contains("缺少起草说明，请补正", returned.Body, StringComparison.Ordinal);
        Assert.Contains("已核", (await matter.DocumentAsync()).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevisedOnce_ThenApproved_IssuesTheOpinionsThenTheCheckedOpinion()
    {
        var matter = await StartAsync("城区公共场所控烟管理办法");
        await matter.ActAsync("health-clerk", Check, "accept");
        await matter.ActAsync("expert1", Review, "concerns", "第五条未明确室内公共场所全面禁烟");
        await matter.ActAsync("expert2", Review, "agree");
        await matter.ActAsync("health-clerk", Opinion, "revise", "第五条应明确室内公共场所全面禁烟");
        await matter.SignsOffAsync(OpinionLabel, "health-clerk", "health-head");

        var opinions = await matter.DocumentAsync(1);
        Assert.Contains("具体意见如下", opinions.Text, StringComparison.Ordinal);
        Assert.Contains("第五条应明确室内公共场所全面禁烟", opinions.Paragraphs);
        await matter.SeesAsync("drafter", "修改后重新报送");
        await matter.SeesNothingAsync("health-clerk", "expert1");

        await matter.ActAsync("drafter", "修改后重新报送", "resubmit");
        await matter.SeesAsync("expert1", Review);
        await matter.ActAsync("expert1", Review, "agree");
        await matter.ActAsync("expert2", Review, "agree");
        await matter.ActAsync("health-clerk", Opinion, "approved");
        await matter.SignsOffAsync(OpinionLabel, "health-clerk", "health-head");

        await matter.EndsWithAsync("已核");
        await matter.ReceivedAsync(
            "completed → drafter",
            "completed → drafter",
            "completed → drafter",
            "completed → drafter",
            "task-assigned → health-head",
            "task-assigned → health-head",
            "task-assigned → health-clerk",
            "task-assigned → health-clerk",
            "task-assigned → health-clerk",
            "task-assigned → expert1",
            "task-assigned → expert1",
            "task-assigned → expert2",
            "task-assigned → expert2",
            "task-assigned → drafter",
            "completed → drafter",
            "completed → drafter",
            "completed → drafter",
            "completed → drafter",
            "cc → health-head",
            "cc → health-head",
            "send-email → drafter",
            "send-email → drafter",
            "instance-finished → drafter");
        await matter.SentEmailsAsync("《审查意见书》已出具", "《审查意见书》已出具");
        var approved = await matter.DocumentAsync(2);
        Assert.Contains("已核。", approved.Text, StringComparison.Ordinal);
        Assert.NotEqual(opinions.Number, approved.Number);
    }

    [Fact]
    public async Task NotRecommended_EndsTheMatter()
    {
        var matter = await StartAsync("城区夜市经营时段调整办法");
        await matter.ActAsync("health-clerk", Check, "accept");
        await matter.ActAsync("expert1", Review, "concerns", "噪声与油烟影响居民健康");
        await matter.ActAsync("expert2", Review, "concerns", "延长至凌晨不利于健康");
        await matter.ActAsync("health-clerk", Opinion, "notRecommended", "延长夜市经营至凌晨对周边居民健康影响较大");
        await matter.SignsOffAsync(OpinionLabel, "health-clerk", "health-head");

        await matter.EndsWithAsync("建议不予发布");
        await matter.ReceivedAsync(
            "completed → drafter",
            "completed → drafter",
            "task-assigned → health-head",
            "task-assigned → health-clerk",
            "task-assigned → health-clerk",
            "task-assigned → expert1",
            "task-assigned → expert2",
            "completed → drafter",
            "completed → drafter",
            "cc → health-head",
            "send-email → drafter",
            "instance-finished → drafter");
        await matter.SeesNothingAsync("drafter", "health-clerk");
        await matter.SentEmailsAsync("《审查意见书》已出具");
        var document = await matter.DocumentAsync();
        Assert.Contains("建议不予发布", document.Text, StringComparison.Ordinal);
        Assert.Contains("延长夜市经营至凌晨对周边居民健康影响较大", document.Paragraphs);
    }

    [Fact]
    public async Task TheWholeReview_FitsInSevenWorkingDaysFromReceipt_WithAFiveDayTarget()
    {
        var matter = await StartAsync("城区公共场所控烟规定");
        var check = await OpenTaskAsync(matter, Check);
        var receipt = LocalDate(check["createdAt"]!);
        var target = await AddWorkingDaysAsync(receipt, 5);
        var limit = await AddWorkingDaysAsync(receipt, 7);

        await matter.ActAsync("health-clerk", Check, "accept", data: new JsonObject { ["experts"] = new JsonArray("expert1", "expert2") });
        var review = await OpenTaskAsync(matter, Review);
        await matter.ActAsync("expert1", Review, "agree");
        await matter.ActAsync("expert2", Review, "agree");
        var opinion = await OpenTaskAsync(matter, Opinion);

        foreach (var task in new[] { check, review, opinion })
        {
            Assert.True(LocalDate(task["hardDueAt"]!) <= limit, $"{task["title"]} is due at the latest {task["hardDueAt"]}, after {limit} (receipt {receipt} + 7 working days)");
            Assert.True(LocalDate(task["dueAt"]!) <= target, $"{task["title"]} has the target {task["dueAt"]}, after {target}");
        }
        Assert.Equal(limit, LocalDate(opinion["hardDueAt"]!));
        Assert.Equal(target, LocalDate(opinion["dueAt"]!));
    }

    [Fact]
    public async Task ExpertsWhoAreNotInTheOrganisation_AreRefused_NamingTheField()
    {
        var matter = await StartAsync("城区养犬管理规定");
        var (status, body) = await matter.TryActAsync("health-clerk", Check, "accept", data: new JsonObject { ["experts"] = new JsonArray("expert1", "no-such-expert") });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("experts", body, StringComparison.Ordinal);
        Assert.Contains("no-such-expert", body, StringComparison.Ordinal);
        await matter.SeesAsync("health-clerk", Check);
    }

    private static readonly TimeZoneInfo Office = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private static DateOnly LocalDate(JsonNode instant) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.Parse(instant.GetValue<string>(), CultureInfo.InvariantCulture), Office).DateTime);

    private async Task<DateOnly> AddWorkingDaysAsync(DateOnly from, int days)
    {
        var client = await server.As("drafter");
        var result = await client.GetFromJsonAsync<JsonObject>($"/api/calendar/add-working-days?from={from:yyyy-MM-dd}&days={days}");
        return DateOnly.Parse(result!["date"]!.GetValue<string>(), CultureInfo.InvariantCulture);
    }

    private async Task<JsonObject> OpenTaskAsync(Matter matter, string title)
    {
        var admin = await server.As("admin");
        var page = await admin.GetFromJsonAsync<JsonObject>($"/api/tasks?scope=all&instanceId={matter.Id}");
        return page!["items"]!.AsArray().Select(t => t!.AsObject()).First(t => t["title"]!.GetValue<string>() == title);
    }
}
