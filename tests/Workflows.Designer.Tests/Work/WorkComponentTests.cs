using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workflows.Core.Definitions;
using Workflows.Core.Runtime;
using Workflows.Designer.Services;
using Workflows.Designer.Work;

namespace Workflows.Designer.Tests.Work;

public sealed class WorkComponentTests : DesignerContext
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 9, 0, 0, TimeSpan.FromHours(8));

    public WorkComponentTests()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
    }

    [Theory]
    [InlineData(3, "normal", "剩余 3 个工作日", "mud-chip-color-default")]
    [InlineData(1, "warning", "剩余 1 个工作日", "mud-chip-color-warning")]
    [InlineData(0, "warning", "今日到期", "mud-chip-color-warning")]
    [InlineData(-2, "overdue", "已超期 2 个工作日", "mud-chip-color-error")]
    public void TheDueChip_CountsWorkingDays_AndColoursByUrgency(int left, string urgency, string text, string colour)
    {
        var chip = Context.Render<DueChip>(p => p.Add(c => c.Item, Item(left, urgency)));

        var element = chip.Find("[data-testid=due]");
        Assert.Equal(text, element.TextContent.Trim());
        Assert.Equal(urgency, element.GetAttribute("data-urgency"));
        Assert.Contains(colour, element.ClassName);
    }

    [Fact]
    public void TheDueChip_SpeaksEnglish_WhenTheUserChoseIt()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("en");

        var chip = Context.Render<DueChip>(p => p.Add(c => c.Item, Item(-1, Urgency.Overdue)));

        Assert.Equal("overdue by 1 working days", chip.Find("[data-testid=due]").TextContent.Trim());
    }

    [Fact]
    public void AnUndatedTask_ShowsNoDueChip()
    {
        var chip = Context.Render<DueChip>(p => p.Add(c => c.Item, Item(null, Urgency.Normal) with { DueAt = null }));

        Assert.Empty(chip.FindAll("[data-testid=due]"));
    }

    [Fact]
    public void TheForm_ChecksRequiredFields_AsTheUserTypes()
    {
        var values = new JsonObject();
        var form = Context.Render<FormFields>(p => p
            .Add(f => f.Fields, [Field("title", "政策名称", FieldTypes.Text, required: true), Field("note", "备注", FieldTypes.Textarea, required: false)])
            .Add(f => f.Values, values));

        Assert.False(form.Instance.IsValid);
        Assert.DoesNotContain("必填", form.Markup);

        form.Find("[data-testid=field-title]").Input("关于促进全民健身的若干措施");
        form.WaitForAssertion(() => Assert.True(form.Instance.IsValid));
        Assert.Equal("关于促进全民健身的若干措施", values["title"]!.GetValue<string>());

        form.Find("[data-testid=field-title]").Input("");
        form.WaitForAssertion(() => Assert.Contains("必填", form.Markup));
        Assert.False(form.Instance.IsValid);
        Assert.Null(values["title"]);
    }

    [Fact]
    public void TheForm_ShowsEveryProblem_AfterASubmitAttempt()
    {
        var form = Context.Render<FormFields>(p => p
            .Add(f => f.Fields, [Field("title", "政策名称", FieldTypes.Text, required: true)])
            .Add(f => f.Values, new JsonObject())
            .Add(f => f.ShowAllErrors, true));

        Assert.Contains("必填", form.Markup);
    }

    [Fact]
    public void TheForm_OffersASelectFieldsOptions_AndStoresNumbersAsNumbers()
    {
        var select = Field("area", "涉及领域", FieldTypes.Select, required: true);
        select.Unknown = new Dictionary<string, JsonElement> { ["options"] = JsonSerializer.SerializeToElement(new[] { "市场准入", "政府采购" }) };
        var values = new JsonObject();
        var form = Context.Render<FormFields>(p => p
            .Add(f => f.Fields, [select, Field("amount", "金额", FieldTypes.Number, required: false)])
            .Add(f => f.Values, values));

        form.Find("[data-testid=field-amount]").Input("12.5");

        form.WaitForAssertion(() => Assert.Equal(12.5m, values["amount"]!.GetValue<decimal>()));
        Assert.NotNull(form.Find("[data-testid=field-area]"));
    }

    [Fact]
    public void OrganisationFields_ShowTheChosenDepartmentAndPeopleByName()
    {
        var values = new JsonObject { ["hazardUnit"] = "mall-a", ["experts"] = new JsonArray("zhang.san", "li.si") };
        var form = Context.Render<FormFields>(p => p
            .Add(f => f.Fields, [Field("hazardUnit", "隐患单位", FieldTypes.Department, required: true), Field("experts", "审查专家", FieldTypes.Users, required: true)])
            .Add(f => f.Values, values));

        form.WaitForAssertion(() => Assert.Equal("甲商场", form.Find("input[data-testid=field-hazardUnit]").GetAttribute("value")));
        var chosen = form.Find("[data-testid=field-experts-chosen]").TextContent;
        Assert.Contains("张三（区卫生健康和体育局）", chosen);
        Assert.Contains("李四（区卫生健康和体育局）", chosen);
        Assert.True(form.Instance.IsValid);
    }

    [Fact]
    public void TheOrganisation_ListsDepartmentsAsATree_AndNamesWhatAFormHolds()
    {
        var tree = Organisation.Tree();

        Assert.Equal(["district", "health", "mall-a"], tree.Select(t => t.Department.Code));
        Assert.Equal([0, 1, 1], tree.Select(t => t.Depth));
        Assert.Equal("阳泉市城区人民政府 / 甲商场", Organisation.PathOf("mall-a"));
        Assert.Equal("甲商场", Organisation.Show(Field("u", "u", FieldTypes.Department, true), JsonValue.Create("mall-a")));
        Assert.Equal("张三、李四", Organisation.Show(Field("e", "e", FieldTypes.Users, true), new JsonArray("zhang.san", "li.si")));
        Assert.Equal("ghost", Organisation.Show(Field("p", "p", FieldTypes.User, true), JsonValue.Create("ghost")));
    }

    [Fact]
    public void TheHistory_ShowsWhoDecidedWhat_WithTheOutcomesLabel_AndTheOpinion()
    {
        var definition = new WorkflowDefinition
        {
            Root = new FlowchartDefinition
            {
                Activities =
                [
                    new ActivityDefinition
                    {
                        Id = "review", Type = "UserTask", Name = "专家审查",
                        Inputs = { ["outcomes"] = ExpressionDefinition.Literal(new JsonArray(new JsonObject { ["name"] = "concerns", ["label"] = "提出修改意见" })) },
                    },
                ],
            },
        };
        JournalEntry[] journal =
        [
            new() { InstanceId = "i", Sequence = 0, At = Now, Event = JournalEvents.InstanceStarted, Actor = "drafter" },
            new() { InstanceId = "i", Sequence = 1, At = Now, Event = JournalEvents.ActivitySuspended, ActivityId = "review", Actor = "health-clerk" },
            new() { InstanceId = "i", Sequence = 2, At = Now, Event = JournalEvents.ActivityResumed, ActivityId = "review", Actor = "expert1", Outcome = "concerns", Message = "第三条表述不清" },
            new() { InstanceId = "i", Sequence = 3, At = Now, Event = JournalEvents.ActivityExecuted, ActivityId = "review" },
        ];

        var history = Context.Render<History>(p => p.Add(h => h.Entries, journal).Add(h => h.Definition, definition));

        var entries = history.FindAll("[data-testid=history-entry]").Select(e => string.Join(" ", e.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))).ToList();
        Assert.Equal(3, entries.Count);
        // A matter's own events name no step, and no empty place is left for one.
        Assert.StartsWith("drafter · ", entries[0], StringComparison.Ordinal);
        Assert.DoesNotContain("· ·", entries[0], StringComparison.Ordinal);
        Assert.DoesNotContain("health-clerk", entries[1]);
        Assert.Contains("专家审查", entries[1]);
        Assert.Contains("expert1", entries[2]);
        Assert.Contains("提出修改意见", entries[2]);
        Assert.Equal("第三条表述不清", history.Find("[data-testid=history-opinion]").TextContent.Trim());
    }

    [Fact]
    public void Files_PreviewPdfImagesAndText_InPlace_AndDownloadEverything()
    {
        FileLink[] files =
        [
            new("a", "草案.pdf", "application/pdf", 2048, "/api/attachments/a"),
            new("b", "照片.png", "image/png", 1024, "/api/attachments/b"),
            new("c", "表格.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", 1024, "/api/attachments/c"),
        ];
        DocumentLink[] documents = [new("d", "审查意见书", "城政办函〔2026〕1号", Now, "/docx", "/html")];

        var panel = Context.Render<Files>(p => p.Add(f => f.Items, files).Add(f => f.Documents, documents));

        Assert.Equal(3, panel.FindAll("[data-testid=attachment-download]").Count);
        Assert.Equal(2, panel.FindAll("[data-testid=attachment-preview]").Count);
        Assert.Equal("/docx", panel.Find("[data-testid=document-docx]").GetAttribute("href"));
        panel.FindAll("[data-testid=attachment-preview]")[1].Click();
        Assert.Equal("/api/attachments/b", panel.Find("img[data-testid=preview]").GetAttribute("src"));
    }

    [Fact]
    public void TheOverdueList_SaysHowManyMoreAreLate_WhenItDoesNotListThemAll()
    {
        OverdueTask[] worst =
        [
            new("t1", "i1", "公共政策健康审查", "专家审查", ["expert1"], "卫健委", new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8)), 180),
            new("t2", "i2", "公共政策健康审查", "专家审查", ["expert2"], "卫健委", new DateTimeOffset(2026, 5, 6, 9, 0, 0, TimeSpan.FromHours(8)), 140),
        ];

        var some = Context.Render<Workflows.Designer.Work.Dashboard.OverdueList>(p => p.Add(l => l.Tasks, worst).Add(l => l.Total, 1250));
        Assert.Equal(2, some.FindAll("[data-testid=overdue-row]").Count);
        Assert.Equal("列出最超期的 2 项，共 1250 项超期", some.Find("[data-testid=overdue-more]").TextContent.Trim());

        var every = Context.Render<Workflows.Designer.Work.Dashboard.OverdueList>(p => p.Add(l => l.Tasks, worst).Add(l => l.Total, 2));
        Assert.Empty(every.FindAll("[data-testid=overdue-more]"));
        var none = Context.Render<Workflows.Designer.Work.Dashboard.OverdueList>(p => p.Add(l => l.Tasks, []).Add(l => l.Total, 0));
        Assert.NotNull(none.Find("[data-testid=overdue-none]"));
    }

    [Fact]
    public void TheWorkload_ColoursDueSoonYellow_AndOverdueRed()
    {
        WorkloadRow[] rows = [new("health-review", "公共政策健康审查", 5, 2, 1), new("", "", 1, 0, 0)];

        var table = Context.Render<Workflows.Designer.Work.Dashboard.Workload>(p => p.Add(w => w.Title, "按流程").Add(w => w.Rows, rows));

        var first = table.FindAll("[data-testid=workload-row]")[0];
        Assert.Equal("5", first.QuerySelector("[data-testid=open]")!.TextContent.Trim());
        Assert.Contains("mud-chip-color-warning", first.QuerySelector("[data-testid=due-soon] .mud-chip")!.ClassName);
        Assert.Contains("mud-chip-color-error", first.QuerySelector("[data-testid=overdue-count] .mud-chip")!.ClassName);
        var second = table.FindAll("[data-testid=workload-row]")[1];
        // Work no department can be named for says why, instead of passing "未签收" off as a department.
        Assert.Contains("（无人承办）", second.TextContent);
        Assert.DoesNotContain("未签收", table.Markup);
        Assert.DoesNotContain("mud-chip-color-error", second.QuerySelector("[data-testid=overdue-count] .mud-chip")!.ClassName);
    }

    [Fact]
    public void TheWeeklyChart_DrawsStartedAndFinishedPerWeek_WithTheFiguresForScreenReaders()
    {
        WeekCount[] weeks = [new(new DateOnly(2026, 11, 16), 3, 0), new(new DateOnly(2026, 11, 23), 1, 2), new(new DateOnly(2026, 11, 30), 0, 1)];

        var chart = Context.Render<Workflows.Designer.Work.Dashboard.WeeklyChart>(p => p.Add(c => c.Weeks, weeks));

        Assert.Contains("每周发起与办结的事项（近 3 周）", chart.Markup);
        Assert.NotNull(chart.Find("[data-testid=chart-weekly] svg"));
        Assert.Contains("发起", chart.Find("[data-testid=chart-weekly] .mud-chart-legend").TextContent);
        Assert.Contains("办结", chart.Find("[data-testid=chart-weekly] .mud-chart-legend").TextContent);
        var rows = chart.FindAll("[data-testid=week]");
        Assert.Equal(["2026-11-16", "2026-11-23", "2026-11-30"], rows.Select(r => r.GetAttribute("data-monday")));
        Assert.Equal(["3", "1", "0"], rows.Select(r => r.QuerySelector("[data-testid=week-started]")!.TextContent));
        Assert.Equal(["0", "2", "1"], rows.Select(r => r.QuerySelector("[data-testid=week-finished]")!.TextContent));
    }

    [Fact]
    public void TheWeeklyChart_SaysSo_WhenNothingMoved()
    {
        WeekCount[] weeks = [new(new DateOnly(2026, 11, 23), 0, 0), new(new DateOnly(2026, 11, 30), 0, 0)];

        var chart = Context.Render<Workflows.Designer.Work.Dashboard.WeeklyChart>(p => p.Add(c => c.Weeks, weeks));

        Assert.Equal("近 2 周没有发起或办结的事项", chart.Find("[data-testid=chart-weekly-empty]").TextContent);
        Assert.Empty(chart.FindAll("svg"));
    }

    private static WorkItem Item(int? left, string urgency) => new(
        "t1", "i1", "health-review", "专家审查", "Open", ["expert1"], Now.AddDays(-3), Now.AddDays(left ?? 0), left, urgency,
        Provisional: false, Offered: false, Outcome: null, ClosedBy: null, Read: null);

    private static InputDefinition Field(string name, string label, string type, bool required) =>
        new() { Name = name, Label = label, Type = type, Required = required };
}
