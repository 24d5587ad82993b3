using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Workflows.EndToEnd.Tests;

/// <summary>
/// How the pages read to a clerk on day one: matters told apart in the inbox, times in the office's zone, a task
/// page that fits a phone, and ids that stay addressable.
/// </summary>
public sealed class DayOneUiTests(BrowserServer server) : IClassFixture<BrowserServer>
{
    private static readonly TimeZoneInfo Office = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    [SkippableFact]
    public async Task TheInbox_ShowsTheMatterTitleProcedureAndStarter_AndTheFilterFindsThem()
    {
        BrowserServer.SkipUnlessBrowser();
        var first = await StartScrappingAsync("区城乡建设事务服务中心", "阳城建服字〔2026〕11号");
        var second = await StartScrappingAsync("区园林绿化服务中心", "阳园林字〔2026〕7号");

        var finance = await SignInAsync("finance", 1400, 1000);
        var rows = finance.Locator("[data-testid=inbox-row]", new() { HasText = "区财政局（国有资产）审核" });
        var firstRow = Row(finance, "阳城建服字〔2026〕11号");
        await Assertions.Expect(firstRow).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(Row(finance, "阳园林字〔2026〕7号")).ToBeVisibleAsync();
        await Assertions.Expect(firstRow.Locator("[data-testid=inbox-matter]")).ToContainTextAsync("区城乡建设事务服务中心");
        var line = finance.Locator("tr", new() { Has = firstRow });
        await Assertions.Expect(line.Locator("[data-testid=inbox-procedure]")).ToHaveTextAsync("车辆报废审批");
        await Assertions.Expect(line.Locator("[data-testid=inbox-starter]")).ToContainTextAsync("吕经办");
        await Assertions.Expect(line.Locator("[data-testid=inbox-starter]")).ToContainTextAsync("区城乡建设事务服务中心");
        await Assertions.Expect(finance.Locator("body")).Not.ToContainTextAsync("vehicle-scrapping");
        await BrowserServer.ScreenshotAsync(finance, "ui-inbox");

        // The filter looks in the matter's title, the procedure's name and the starter.
        await Filter(finance).FillAsync("阳园林字");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(Row(finance, "阳园林字〔2026〕7号")).ToBeVisibleAsync();
        await Filter(finance).FillAsync("车辆报废");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Filter(finance).FillAsync("吕经办");
        await Assertions.Expect(rows).ToHaveCountAsync(2);

        // The top bar names the person, not the account.
        await Assertions.Expect(finance.Locator("[data-testid=current-user]")).ToHaveTextAsync("何财政");
        Assert.NotEqual(first, second);
    }

    [SkippableFact]
    public async Task Times_AreShownInTheOfficeZone_In24HourForm()
    {
        BrowserServer.SkipUnlessBrowser();
        var instanceId = await StartScrappingAsync("区机关事务服务中心", "阳机关字〔2026〕3号");
        var unit = await server.ApiAsync("vehicle-unit");
        var instance = JsonNode.Parse(await unit.GetStringAsync($"/api/workflow-instances/{instanceId}"))!;
        var created = DateTimeOffset.Parse(instance["createdAt"]!.ToString(), CultureInfo.InvariantCulture);
        var expected = TimeZoneInfo.ConvertTime(created, Office).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

        var page = await SignInAsync("vehicle-unit", 1400, 1000);
        await page.GotoAsync($"/instances/{instanceId}");
        await Assertions.Expect(page.Locator("[data-testid=instance-started-at]")).ToHaveTextAsync(expected);
        await Assertions.Expect(page.Locator("[data-testid=instance-version]")).ToContainTextAsync("1");
        await Assertions.Expect(page.Locator("[data-testid=instance-starter]")).ToHaveTextAsync("吕经办");
        await Assertions.Expect(page.Locator("[data-testid=instance-title]")).ToContainTextAsync("区机关事务服务中心");
        // The journal's times are the office's too, and its actor is a person's name.
        await Assertions.Expect(page.Locator("[data-testid=history-entry]").First).ToContainTextAsync("吕经办");
        await Assertions.Expect(page.Locator("[data-testid=history]")).ToContainTextAsync(expected);
        await Assertions.Expect(page.Locator("[data-testid=instance-diagram] .activity-node").First).ToBeVisibleAsync();
        await BrowserServer.ScreenshotAsync(page, "ui-instance");
        if (TimeZoneInfo.Local.GetUtcOffset(created) != Office.GetUtcOffset(created))
        {
            var machine = created.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
            await Assertions.Expect(page.Locator("[data-testid=instance-facts]")).Not.ToContainTextAsync(machine);
        }
    }

    [SkippableFact]
    public async Task TheTaskPage_FitsAPhone_WithoutHorizontalScrolling()
    {
        BrowserServer.SkipUnlessBrowser();
        var instanceId = await StartScrappingAsync("区环境卫生服务中心", "阳环卫字〔2026〕21号");
        var finance = await server.ApiAsync("finance");
        var tasks = JsonNode.Parse(await finance.GetStringAsync($"/api/tasks?scope=candidate&instanceId={instanceId}"))!;
        var taskId = tasks["items"]![0]!["id"]!.ToString();

        var phone = await SignInAsync("finance", 390, 844);
        await AssertNoHorizontalScrollAsync(phone);
        await phone.GotoAsync($"/tasks/{taskId}");
        await Assertions.Expect(phone.Locator("[data-testid=task-matter]")).ToContainTextAsync("区环境卫生服务中心");
        await phone.ClickAsync("[data-testid=claim]");
        await Assertions.Expect(phone.Locator(".mud-snackbar", new() { HasText = "已签收" })).ToBeVisibleAsync();
        await Assertions.Expect(phone.Locator("[data-testid=task-comment]")).ToBeVisibleAsync();
        // One opinion box: the form's 审核意见 is the outcome's comment.
        await Assertions.Expect(phone.Locator("[data-testid=task-form] textarea")).ToHaveCountAsync(1);
        await Assertions.Expect(phone.Locator("[data-testid=task-form]")).ToContainTextAsync("审核意见");
        await Assertions.Expect(phone.Locator("[data-testid=attachment][data-field=请示]")).ToHaveCountAsync(1);
        await AssertNoHorizontalScrollAsync(phone);
        await BrowserServer.ScreenshotAsync(phone, "ui-task-phone");
        await phone.GotoAsync($"/instances/{instanceId}");
        await Assertions.Expect(phone.Locator("[data-testid=instance-title]")).ToBeVisibleAsync();
        await AssertNoHorizontalScrollAsync(phone);
    }

    [SkippableFact]
    public async Task TheDashboard_ChartsMattersPerWeek_AndCountsUnclaimedWorkUnderItsDepartment()
    {
        BrowserServer.SkipUnlessBrowser();
        await StartScrappingAsync("区市政设施服务中心", "阳市政字〔2026〕5号");
        var monday = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Office).Date;
        monday = monday.AddDays(-(((int)monday.DayOfWeek + 6) % 7));

        var finance = await SignInAsync("finance", 1400, 1000);
        await finance.GotoAsync("/dashboard");
        var thisWeek = finance.Locator($"[data-testid=week][data-monday='{monday:yyyy-MM-dd}']");
        await Assertions.Expect(finance.Locator("[data-testid=chart-weekly] svg")).ToBeVisibleAsync();
        Assert.True(int.Parse(await thisWeek.Locator("[data-testid=week-started]").TextContentAsync() ?? "0", CultureInfo.InvariantCulture) >= 1);
        Assert.Equal(8, await finance.Locator("[data-testid=week]").CountAsync());
        // The finance step is offered to the finance role and claimed by nobody yet: it counts for 区财政局.
        await Assertions.Expect(finance.Locator("[data-testid=by-department]")).ToContainTextAsync("区财政局");
        await Assertions.Expect(finance.Locator("[data-testid=by-department]")).Not.ToContainTextAsync("未签收");
        await BrowserServer.ScreenshotAsync(finance, "ui-dashboard");
    }

    [SkippableFact]
    public async Task TheFileButton_IsTheAppsOwnChineseControl_AndUploads()
    {
        BrowserServer.SkipUnlessBrowser();
        var unit = await SignInAsync("vehicle-unit", 1400, 1000);
        await unit.GotoAsync("/start/vehicle-scrapping");

        var button = unit.Locator("[data-testid=file-button-request]");
        await Assertions.Expect(button).ToHaveTextAsync("选择文件");
        await Assertions.Expect(unit.Locator("[data-testid=file-request] [data-testid=file-hint]")).ToHaveTextAsync("未选择文件");
        // The browser's own "Choose Files" control is not drawn: its input takes no room and cannot be seen.
        var input = unit.Locator("[data-testid=file-input-request]");
        Assert.Equal("0", await input.EvaluateAsync<string>("e => getComputedStyle(e).opacity"));
        Assert.True((await input.BoundingBoxAsync())!.Width <= 1);
        var chooser = await unit.RunAndWaitForFileChooserAsync(() => button.ClickAsync());
        await chooser.SetFilesAsync(new FilePayload { Name = "请示.pdf", MimeType = "application/pdf", Buffer = "%PDF-1.4 请示"u8.ToArray() });
        await Assertions.Expect(unit.Locator("[data-testid=file-request] [data-testid=uploaded][data-done=true]")).ToHaveTextAsync("请示.pdf");
        await Assertions.Expect(unit.Locator("[data-testid=file-request] [data-testid=file-hint]")).ToHaveTextAsync("已选 1 个文件");
    }

    [SkippableFact]
    public async Task AnInvalidDefinitionId_IsRefused_ByTheApiAndTheDesigner()
    {
        BrowserServer.SkipUnlessBrowser();
        var api = await server.ApiAsync("designer");
        var response = await api.PostAsJsonAsync("/api/workflow-definitions", new { definitionId = "Bad/Id ?", name = "坏标识", root = new { activities = Array.Empty<object>() } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("InvalidDefinitionId", problem["code"]!.ToString());
        Assert.Contains("lowercase letters", problem["detail"]!.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/workflow-definitions/Bad%2FId%20%3F")).StatusCode);

        var page = await server.SignInAsync();
        await page.ClickAsync("[data-testid=definition-new]");
        await page.FillAsync("[data-testid=new-id]", "卫生 Test");
        await page.FillAsync("[data-testid=new-name]", "卫生测试");
        await page.ClickAsync("[data-testid=definition-create]");
        await Assertions.Expect(page.Locator("[data-testid=definition-form] .mud-alert")).ToContainTextAsync("只能使用小写字母、数字和连字符");
        Assert.EndsWith("/designer", new Uri(page.Url).AbsolutePath);
    }

    [SkippableTheory]
    [InlineData("health-review")]
    [InlineData("fair-competition-review")]
    [InlineData("fire-hazard-supervision")]
    [InlineData("vehicle-scrapping")]
    public async Task AutoLayout_OfAShippedProcedure_LeavesNoOverlapAndNoLinkThroughAStep_AsOneUndoableStep(string definitionId)
    {
        BrowserServer.SkipUnlessBrowser();
        var page = await server.SignInAsync();
        await page.GotoAsync($"/designer/{definitionId}");
        var designer = new DesignerPageObject(page);
        await Assertions.Expect(designer.Nodes.First).ToBeVisibleAsync(new() { Timeout = 15_000 });
        var before = await PositionsAsync(page);

        await Assertions.Expect(page.Locator("[data-testid=problems]")).ToBeVisibleAsync();
        await page.ClickAsync("[data-testid=auto-layout]");
        // The canvas redraws the links once the moved ports are measured: wait until the picture holds still.
        await page.WaitForFunctionAsync("""
            () => new Promise(resolve => {
              const shot = () => [...document.querySelectorAll('[data-testid=canvas] .diagram-link path')].map(p => p.getAttribute('d')).join('|');
              const first = shot();
              setTimeout(() => resolve(first.length > 0 && first === shot()), 300);
            })
            """);
        var overlaps = await page.EvaluateAsync<string[]>("""
            () => {
              const boxes = [...document.querySelectorAll('[data-testid=canvas] .activity-node')].map(n => ({ id: n.dataset.activityId, r: n.getBoundingClientRect() }));
              const problems = [];
              for (const a of boxes) for (const b of boxes) {
                if (a.id < b.id && a.r.left < b.r.right && b.r.left < a.r.right && a.r.top < b.r.bottom && b.r.top < a.r.bottom) problems.push(`${a.id} overlaps ${b.id}`);
              }
              for (const path of document.querySelectorAll('[data-testid=canvas] .diagram-link path')) {
                const length = path.getTotalLength(), matrix = path.getScreenCTM();
                if (!matrix || length < 40) continue;
                for (let d = 16; d < length - 16; d += 4) {
                  const p = path.getPointAtLength(d).matrixTransform(matrix);
                  for (const b of boxes) {
                    if (p.x > b.r.left + 3 && p.x < b.r.right - 3 && p.y > b.r.top + 3 && p.y < b.r.bottom - 3) { problems.push(`a link crosses ${b.id} at ${Math.round(p.x)},${Math.round(p.y)} (${path.getAttribute('d').slice(0, 80)})`); break; }
                  }
                }
              }
              return [...new Set(problems)];
            }
            """);
        await BrowserServer.ScreenshotAsync(page, $"ui-designer-{definitionId}");
        Assert.Empty(overlaps);
        // Readable: a step's name is at least 9 px tall on screen.
        var zoom = await page.EvaluateAsync<double>("() => document.querySelector('[data-testid=canvas] .activity-node').getBoundingClientRect().width / 200");
        Assert.True(zoom >= 0.69, $"zoom {zoom}");

        // The shipped files are laid out already; where 自动排列 moved something, one undo puts it back.
        if (before != await PositionsAsync(page))
        {
            await page.ClickAsync("[data-testid=undo]");
            await page.WaitForFunctionAsync($"() => ({PositionsScript})() === {System.Text.Json.JsonSerializer.Serialize(before)}");
        }
    }

    private const string PositionsScript =
        "() => [...document.querySelectorAll('[data-testid=canvas] .activity-node')].map(n => n.dataset.activityId + '@' + n.closest('.diagram-node').style.top + ',' + n.closest('.diagram-node').style.left).sort().join(';')";

    private static Task<string> PositionsAsync(IPage page) => page.EvaluateAsync<string>(PositionsScript);

    private static async Task AssertNoHorizontalScrollAsync(IPage page)
    {
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"{page.Url} scrolls sideways by {overflow}px at 390 × 844");
    }

    [SkippableFact]
    public async Task TheInbox_DrawsFiftyRowsAPage_AndItsFilterFindsAMatterBeyondTheRowsLoaded_ThroughTheServersSearch()
    {
        BrowserServer.SkipUnlessBrowser();
        var designer = await server.ApiAsync("designer");
        var definition = $$$"""
            {
              "definitionId": "e2e-many", "name": "批量核查",
              "metadata": { "matterTitle": "{{ input.no }}" },
              "inputs": [ { "name": "no", "label": "编号", "type": "text", "required": true } ],
              "root": { "type": "Flowchart",
                "activities": [
                  { "id": "start", "type": "Start" },
                  { "id": "check", "type": "UserTask", "inputs": {
                      "title": { "type": "Literal", "value": "核查" },
                      "assignTo": { "type": "Literal", "value": { "users": ["expert2"] } },
                      "due": { "type": "Literal", "value": { "workingDays": 3 } },
                      "outcomes": { "type": "Literal", "value": [ { "name": "approve", "label": "通过" } ] } } },
                  { "id": "done", "type": "End" } ],
                "connections": [
                  { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "check", "port": "In" } },
                  { "source": { "activity": "check", "port": "approve" }, "target": { "activity": "done", "port": "In" } } ] }
            }
            """;
        (await designer.PostAsync("/api/workflow-definitions", new StringContent(definition, System.Text.Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        (await designer.PostAsync("/api/workflow-definitions/e2e-many/publish", null)).EnsureSuccessStatusCode();
        var starter = await server.ApiAsync("drafter");
        // More than the 200 rows the inbox loads; the newest, with the same due date, is listed last.
        const int Matters = 205;
        for (var n = 1; n <= Matters; n++)
        {
            var started = await starter.PostAsJsonAsync("/api/workflow-instances", new { definitionId = "e2e-many", input = new { no = $"核查批次-{n:D3}" } });
            Assert.True(started.IsSuccessStatusCode, await started.Content.ReadAsStringAsync());
        }

        var expert = await SignInAsync("expert2", 1400, 1000);
        await Assertions.Expect(Row(expert, "核查批次-001")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(Row(expert, $"核查批次-{Matters}")).ToHaveCountAsync(0);
        // The tab does not pass off the 200 rows loaded as all there are, and the page says how to reach the rest.
        var todo = expert.Locator("[role=tab]", new() { HasText = "待办" });
        await Assertions.Expect(todo).ToHaveTextAsync("待办 (200+)");
        await Assertions.Expect(expert.Locator("[data-testid=inbox-more]")).ToContainTextAsync("最先的 200 条");
        // The browser draws 50 of them at a time; the pager, labelled in Chinese, reaches the others.
        var rows = expert.Locator("[data-testid=inbox-row]");
        var pager = expert.Locator("[data-testid=inbox-pager]");
        await Assertions.Expect(rows).ToHaveCountAsync(50);
        await Assertions.Expect(pager).ToContainTextAsync("第 1–50 条，共 200 条");
        await pager.GetByLabel("下一页").ClickAsync();
        await Assertions.Expect(pager).ToContainTextAsync("第 51–100 条，共 200 条");
        await Assertions.Expect(Row(expert, "核查批次-051")).ToBeVisibleAsync();
        await Assertions.Expect(Row(expert, "核查批次-001")).ToHaveCountAsync(0);
        await pager.GetByLabel("最后一页").ClickAsync();
        await Assertions.Expect(Row(expert, "核查批次-200")).ToBeVisibleAsync();
        // The filter looks through every row loaded, not the page shown, before the server searches beyond them.
        await Filter(expert).FillAsync("核查批次-007");
        await Assertions.Expect(Row(expert, "核查批次-007")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(pager).ToHaveCountAsync(0);
        await Filter(expert).FillAsync($"核查批次-{Matters}");

        await Assertions.Expect(Row(expert, $"核查批次-{Matters}")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(expert.Locator("[data-testid=inbox-row]")).ToHaveCountAsync(1);
        await Assertions.Expect(todo).ToHaveTextAsync("待办 (1)");
        await Assertions.Expect(expert.Locator("[data-testid=inbox-more]")).ToHaveCountAsync(0);
    }

    private static ILocator Filter(IPage page) => page.Locator("input[data-testid=inbox-filter], [data-testid=inbox-filter] input").First;

    private static ILocator Row(IPage page, string text) => page.Locator("[data-testid=inbox-row]", new() { HasText = text });

    private async Task<string> StartScrappingAsync(string unit, string requestNumber)
    {
        var api = await server.ApiAsync("vehicle-unit");
        using var file = new MultipartFormDataContent { { new ByteArrayContent("%PDF-1.4 请示"u8.ToArray()), "file", "请示.pdf" } };
        var uploaded = JsonNode.Parse(await (await api.PostAsync("/api/attachments", file)).Content.ReadAsStringAsync())!;
        var response = await api.PostAsJsonAsync("/api/workflow-instances", new
        {
            definitionId = "vehicle-scrapping",
            input = new { unit, requestNumber, requestTitle = $"关于申请报废老旧作业车辆的请示（{requestNumber}）", vehicleCategory = "老旧作业车辆", vehicleCount = 2, vehicles = "晋C·12345 洒水车", reason = "已不符合现有作业条件", request = uploaded["id"]!.ToString() },
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.ToString();
    }

    private async Task<IPage> SignInAsync(string userName, int width, int height)
    {
        var context = await server.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.FillAsync("#userName", userName);
        await page.FillAsync("#password", BrowserServer.DemoPassword);
        await page.ClickAsync("[data-testid=login-submit]");
        await Assertions.Expect(page.Locator("[data-testid=inbox-table]")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        return page;
    }
}
