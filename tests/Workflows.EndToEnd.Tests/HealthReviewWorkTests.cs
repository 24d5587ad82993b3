using System.Text;
using Microsoft.Playwright;
using Workflows.Designer.Work;

namespace Workflows.EndToEnd.Tests;

/// <summary>
/// The daily-work pages end to end: a whole 公共政策健康审查 by three people in three browser contexts — the drafter
/// submits with files, the health office accepts, an expert returns it with a reason, the office issues a 修改意见,
/// the drafter revises, the expert approves, the office issues 已核, and the drafter downloads the 审查意见书.
/// </summary>
public sealed class HealthReviewWorkTests(BrowserServer server) : IClassFixture<BrowserServer>
{
    private static readonly LocatorAssertionsToBeVisibleOptions Live = new() { Timeout = 20_000 };

    [SkippableFact]
    public async Task AHealthReview_RunsThroughTheInboxTaskAndInstancePages_ForThreeUsers()
    {
        BrowserServer.SkipUnlessBrowser();
        // The pages must follow the work because they hear of its steps (an inbox, of the steps reaching its person),
        // not because they look by themselves every 10 s: that look is off for this test (the browser tests run one at a time).
        var fallback = LiveRefresh.Fallback;
        LiveRefresh.Fallback = TimeSpan.FromHours(1);
        try
        {
            await RunHealthReviewAsync();
        }
        finally
        {
            LiveRefresh.Fallback = fallback;
        }
    }

    private async Task RunHealthReviewAsync()
    {
        var drafter = await SignInAsync("drafter");
        var clerk = await SignInAsync("health-clerk");
        var expert = await SignInAsync("expert1");
        var head = await SignInAsync("health-head");

        // The drafter starts the procedure: the form comes from the definition's inputs, checked before submitting.
        await drafter.GotoAsync("/start");
        await drafter.ClickAsync("[data-testid=start-health-review]");
        await Assertions.Expect(drafter.Locator("[data-testid=start-name]")).ToHaveTextAsync("公共政策健康审查");
        await drafter.ClickAsync("[data-testid=start-submit]");
        await Assertions.Expect(drafter.Locator("[data-testid=start-error]")).ToBeVisibleAsync();
        await drafter.FillAsync("[data-testid=field-title]", "关于促进全民健身的若干措施");
        await drafter.FillAsync("[data-testid=field-department]", "区发展和改革局");
        await drafter.FillAsync("[data-testid=field-contact]", "褚经办 0353-1234567");
        await UploadAsync(drafter, "letter", "提请审查的公函.txt", "公函正文");
        await UploadAsync(drafter, "draft", "草案.txt", "第一条 …… 第三条 ……");
        await UploadAsync(drafter, "explanation", "起草说明.pdf", "%PDF-1.4 起草说明");
        // An upload goes through the circuit and the attachment store: under a loaded machine that can take more than 5 s.
        await Assertions.Expect(drafter.Locator("[data-testid=uploaded][data-done=true]")).ToHaveCountAsync(3, new() { Timeout = 20_000 });
        await BrowserServer.ScreenshotAsync(drafter, "work-01-drafter-start-form");
        await ClickUntilAsync(drafter, drafter.Locator("[data-testid=start-submit]"), url => url.Contains("/instances/"));
        var instanceUrl = new Uri(drafter.Url).AbsolutePath;
        await Assertions.Expect(drafter.Locator("[data-testid=instance-status]")).ToHaveAttributeAsync("data-status", "Running");
        await Assertions.Expect(drafter.Locator("[data-testid=instance-diagram] .activity-node[data-activity-id=check]")).ToBeVisibleAsync();
        // Fitted at a readable zoom: Start is inside the diagram's box and a step is drawn at 0.7 of its size or more.
        await drafter.WaitForFunctionAsync("""
            () => {
              const box = document.querySelector('[data-testid=instance-diagram]').getBoundingClientRect();
              const start = document.querySelector('[data-testid=instance-diagram] .activity-node[data-activity-type=Start]');
              if (!start) return false;
              const r = start.getBoundingClientRect();
              return r.width >= 200 * 0.69 && r.left >= box.left - 1 && r.right <= box.right + 1 && r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
            }
            """);
        await Assertions.Expect(drafter.Locator("[data-testid=attachment]")).ToHaveCountAsync(3);
        await Assertions.Expect(drafter.Locator("[data-testid=withdraw]")).ToBeVisibleAsync();
        await BrowserServer.ScreenshotAsync(drafter, "work-02-drafter-instance");

        // The expert's inbox is open and empty of this matter; it fills by itself once the office accepts.
        await expert.GotoAsync("/");
        await Assertions.Expect(Row(expert, "专家审查")).ToHaveCountAsync(0);

        // The health office: the check is offered to its role, with 1 working day (the whole review fits in 7 from
        // receipt); claim, then accept choosing the expert from the organisation by name.
        await clerk.GotoAsync("/");
        var check = Row(clerk, "形式审查（受理）");
        await Assertions.Expect(check).ToBeVisibleAsync(Live);
        await Assertions.Expect(check).ToHaveAttributeAsync("data-urgency", "normal");
        await Assertions.Expect(clerk.Locator("[data-testid=due]").First).ToContainTextAsync("剩余 1 个工作日");
        await BrowserServer.ScreenshotAsync(clerk, "work-03-clerk-inbox-offered");
        await clerk.Locator("[data-testid=claim]").First.ClickAsync();
        await Assertions.Expect(clerk.Locator("[data-testid=claim]")).ToHaveCountAsync(0);
        await OpenTaskAsync(clerk, check);
        await TaskPageAsync(clerk);
        await Assertions.Expect(clerk.Locator("[data-testid=task-summary]")).ToContainTextAsync("关于促进全民健身的若干措施");
        await Assertions.Expect(clerk.Locator("[data-testid=attachment]")).ToHaveCountAsync(3);
        await clerk.FillAsync("input[data-testid=field-experts]", "郑专家");
        await clerk.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = "郑专家" }).First.ClickAsync();
        await Assertions.Expect(clerk.Locator("[data-testid=field-experts-chosen]")).ToContainTextAsync("郑专家（区健康专家委员会办公室）");
        await BrowserServer.ScreenshotAsync(clerk, "work-04-clerk-task");
        await ClickOutcomeAsync(clerk, "accept");

        // The expert: the task appeared without a reload; returning it needs a reason.
        var review = Row(expert, "专家审查");
        await Assertions.Expect(review).ToBeVisibleAsync(Live);
        await OpenTaskAsync(expert, review);
        await TaskPageAsync(expert);
        await expert.ClickAsync("[data-testid=outcome-concerns]");
        await Assertions.Expect(expert.GetByText("此结果需要填写意见")).ToBeVisibleAsync();
        await expert.FillAsync("[data-testid=task-comment]", "第三条的表述与健康影响评估不一致，请修改");
        await BrowserServer.ScreenshotAsync(expert, "work-05-expert-returns");
        await ClickOutcomeAsync(expert, "concerns");

        // The office issues 修改意见.
        await CompleteOfferedAsync(clerk, "出具审查意见书", "revise", "请按专家意见修改第三条");
        // 核稿 by the office, 签发 by its head: only then the opinion has its number.
        await CompleteOfferedAsync(clerk, "核稿：《审查意见书》", "submit", null);
        await CompleteOfferedAsync(head, "签发：《审查意见书》", "sign", null);

        // The drafter sees the expert's reason in the history, uploads the revised draft and resubmits.
        await drafter.GotoAsync("/");
        var revise = Row(drafter, "修改后重新报送");
        await Assertions.Expect(revise).ToBeVisibleAsync(Live);
        await OpenTaskAsync(drafter, revise);
        await TaskPageAsync(drafter);
        await Assertions.Expect(drafter.Locator("[data-testid=history-opinion]", new() { HasText = "第三条的表述与健康影响评估不一致" })).ToBeVisibleAsync();
        await Assertions.Expect(drafter.Locator("[data-testid=document]")).ToHaveCountAsync(1, new() { Timeout = 20_000 });
        await UploadAsync(drafter, "draft", "草案-修改稿.txt", "第三条（已修改）");
        await Assertions.Expect(drafter.Locator("[data-testid=uploaded][data-done=true]")).ToHaveCountAsync(1, new() { Timeout = 20_000 });
        await drafter.FillAsync("[data-testid=field-explanation]", "已按意见修改第三条");
        await BrowserServer.ScreenshotAsync(drafter, "work-06-drafter-revises");
        await ClickOutcomeAsync(drafter, "resubmit");

        // The expert approves, the office issues 已核.
        await expert.GotoAsync("/");
        var again = Row(expert, "专家审查");
        await Assertions.Expect(again).ToBeVisibleAsync(Live);
        await OpenTaskAsync(expert, again);
        await TaskPageAsync(expert);
        await ClickOutcomeAsync(expert, "agree");
        await expert.ClickAsync(".mud-tab:has-text('已办')");
        await Assertions.Expect(Row(expert, "专家审查")).ToHaveCountAsync(2, new() { Timeout = 20_000 });
        await CompleteOfferedAsync(clerk, "出具审查意见书", "approved", null);
        // 核稿 by the office, 签发 by its head: only then the opinion has its number.
        await CompleteOfferedAsync(clerk, "核稿：《审查意见书》", "submit", null);
        await CompleteOfferedAsync(head, "签发：《审查意见书》", "sign", null);

        // The expert's dashboard: the review step was handled twice, nothing is late.
        await expert.GotoAsync("/dashboard");
        await Assertions.Expect(expert.Locator("[data-testid=step-time]", new() { HasText = "专家审查" })).ToContainTextAsync("2");
        await Assertions.Expect(expert.Locator("[data-testid=overdue-none]")).ToBeVisibleAsync();
        await BrowserServer.ScreenshotAsync(expert, "work-07a-expert-dashboard");

        // The drafter: the matter is finished and the 审查意见书 downloads as .docx.
        await drafter.GotoAsync(instanceUrl);
        await Assertions.Expect(drafter.Locator("[data-testid=instance-status]")).ToHaveAttributeAsync("data-status", "Completed", new() { Timeout = 20_000 });
        await Assertions.Expect(drafter.Locator("[data-testid=document]")).ToHaveCountAsync(2, new() { Timeout = 20_000 });
        await Assertions.Expect(drafter.Locator("[data-testid=history-entry]", new() { HasText = "已核" }).First).ToBeVisibleAsync();
        await Assertions.Expect(drafter.Locator("[data-testid=withdraw]")).ToHaveCountAsync(0);
        await BrowserServer.ScreenshotAsync(drafter, "work-07-drafter-finished");
        var download = await drafter.RunAndWaitForDownloadAsync(() => drafter.Locator("[data-testid=document-docx]").Last.ClickAsync());
        Assert.Contains("审查意见书", download.SuggestedFilename);
        Assert.EndsWith(".docx", download.SuggestedFilename);
        var saved = Path.Combine(BrowserServer.OutputFolder, download.SuggestedFilename);
        await download.SaveAsAsync(saved);
        Assert.True(new FileInfo(saved).Length > 0);

        // The same pages in English.
        await drafter.GotoAsync("/");
        await drafter.ClickAsync("[data-testid=culture-switch]");
        await Assertions.Expect(drafter.Locator("h5").First).ToHaveTextAsync("My work");
        await drafter.ClickAsync(".mud-tab:has-text('Done')");
        await Assertions.Expect(Row(drafter, "修改后重新报送")).ToBeVisibleAsync(Live);
        await BrowserServer.ScreenshotAsync(drafter, "work-08-drafter-done-english");
    }

    /// <summary>The inbox's rows linger a moment after the address changes; act only once the task page is there.</summary>
    private static Task TaskPageAsync(IPage page) => Assertions.Expect(page.Locator("[data-testid=task-title]")).ToBeVisibleAsync();

    [SkippableFact]
    public async Task Administration_ListsTheOrganisation_AndLinksToHangfire_ForAdministratorsOnly()
    {
        BrowserServer.SkipUnlessBrowser();
        var admin = await SignInAsync("admin", "Admin@12345");
        await admin.GotoAsync("/admin");
        await Assertions.Expect(admin.Locator("[data-testid=admin-users]")).ToContainTextAsync("health-clerk");
        await Assertions.Expect(admin.Locator("[data-testid=admin-hangfire]")).ToHaveAttributeAsync("href", "/hangfire");
        await BrowserServer.ScreenshotAsync(admin, "work-09-admin");

        var drafter = await SignInAsync("drafter");
        await drafter.GotoAsync("/admin");
        await Assertions.Expect(drafter.Locator("[data-testid=admin-users]")).ToHaveCountAsync(0);
        await Assertions.Expect(drafter.Locator("a[href='/admin']")).ToHaveCountAsync(0);
    }

    /// <summary>A live refresh can replace the inbox row between finding and clicking it: click again until the task opens.</summary>
    private static Task OpenTaskAsync(IPage page, ILocator row) => ClickUntilAsync(page, row, url => url.Contains("/tasks/"));

    private static ILocator Row(IPage page, string title) => page.Locator("[data-testid=inbox-row]", new() { HasText = title });

    private static async Task CompleteOfferedAsync(IPage page, string title, string outcome, string? comment)
    {
        await page.GotoAsync("/");
        var row = Row(page, title);
        await Assertions.Expect(row).ToBeVisibleAsync(Live);
        await OpenTaskAsync(page, row);
        await TaskPageAsync(page);
        await page.ClickAsync("[data-testid=claim]");
        await Assertions.Expect(page.Locator($"[data-testid=outcome-{outcome}]")).ToBeVisibleAsync();
        if (comment is not null)
        {
            await page.FillAsync("[data-testid=task-comment]", comment);
        }
        await ClickOutcomeAsync(page, outcome);
    }

    private static Task ClickOutcomeAsync(IPage page, string outcome) =>
        ClickUntilAsync(page, page.Locator($"[data-testid=outcome-{outcome}]"), url => !url.Contains("/tasks/"));

    /// <summary>
    /// A click that lands while the page re-renders (a live refresh, a field's value still on its way) can be lost:
    /// click again while the target is still there and enabled, until the page moves on. A target that is gone or
    /// disabled means the click was taken and its page is slow to come (a loaded CI machine): wait for that page instead
    /// of looking for the target again (that look timed out after 30 s in CI runs on 2026-12-05).
    /// </summary>
    private static async Task ClickUntilAsync(IPage page, ILocator target, Func<string, bool> arrived)
    {
        for (var attempt = 1; ; attempt++)
        {
            await target.ClickAsync();
            try
            {
                await page.WaitForURLAsync(arrived, new() { Timeout = 10_000 });
                return;
            }
            catch (TimeoutException) when (attempt < 3)
            {
                if (!await StillClickableAsync(target))
                {
                    await page.WaitForURLAsync(arrived, new() { Timeout = 30_000 });
                    return;
                }
            }
        }
    }

    private static async Task<bool> StillClickableAsync(ILocator target)
    {
        try
        {
            return await target.CountAsync() > 0 && await target.IsEnabledAsync(new() { Timeout = 1_000 });
        }
        catch (TimeoutException)
        {
            // Gone between the count and the look.
            return false;
        }
    }

    private static Task UploadAsync(IPage page, string field, string fileName, string content) =>
        page.Locator($"[data-testid=file-input-{field}]").SetInputFilesAsync(new FilePayload
        {
            Name = fileName,
            MimeType = fileName.EndsWith(".pdf", StringComparison.Ordinal) ? "application/pdf" : "text/plain",
            Buffer = Encoding.UTF8.GetBytes(content),
        });

    private async Task<IPage> SignInAsync(string userName, string password = BrowserServer.DemoPassword)
    {
        var context = await server.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1400, Height = 1000 },
            AcceptDownloads = true,
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.FillAsync("#userName", userName);
        await page.FillAsync("#password", password);
        await page.ClickAsync("[data-testid=login-submit]");
        await Assertions.Expect(page.Locator("[data-testid=inbox-table]")).ToBeVisibleAsync();
        return page;
    }
}
