using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Workflows.Core.Calendar;
using Workflows.Designer.Services;
using Workflows.Designer.Work.Admin;

namespace Workflows.Designer.Tests.Work.Admin;

public sealed class AdminPagesTests : DesignerContext
{
    private readonly InMemoryCalendar _calendar = new();
    private readonly InMemoryMail _mail = new();
    private readonly InMemoryOrganisation _organisation = new();
    private readonly InMemoryDocumentTemplates _documents = new();
    private readonly InMemoryRegister _register = new();
    private readonly InMemoryLedgers _ledgers = new();

    public AdminPagesTests()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        Context.Services.AddSingleton<ICalendarClient>(_calendar);
        Context.Services.AddSingleton<IMailAdminClient>(_mail);
        Context.Services.AddSingleton<IOrganisationAdminClient>(_organisation);
        Context.Services.AddSingleton<IDocumentTemplatesClient>(_documents);
        Context.Services.AddSingleton<IDocumentRegisterClient>(_register);
        Context.Services.AddSingleton<ILedgersClient>(_ledgers);
        Context.Render<MudPopoverProvider>();
        Context.Render<MudSnackbarProvider>();
    }

    [Fact]
    public void AYearWithoutData_IsShownAsProvisional_WithWeekendsAsRestDays()
    {
        var page = Context.Render<CalendarPage>(p => p.Add(c => c.Year, 2031));

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=calendar-provisional]")));
        Assert.Equal(12, page.FindAll("[data-testid^=month-]").Count);
        Assert.Equal(nameof(DayKind.Working), page.Find("[data-testid=day-2031-01-06]").GetAttribute("data-kind"));
        Assert.Equal(nameof(DayKind.Rest), page.Find("[data-testid=day-2031-01-04]").GetAttribute("data-kind"));
        Assert.True(page.Find("button[data-testid=calendar-save]").HasAttribute("disabled"));
    }

    [Fact]
    public void ClickingDays_TogglesHolidaysAndMakeUpDays_AndSaveStoresTheYear()
    {
        var page = Context.Render<CalendarPage>(p => p.Add(c => c.Year, 2031));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=day-2031-10-01]")));

        page.Find("[data-testid=day-2031-10-01]").Click(); // Wednesday → holiday
        page.Find("[data-testid=day-2031-09-28]").Click(); // Sunday → make-up working day
        page.Find("[data-testid=day-2031-10-04]").Click(); // Saturday → make-up working day …
        page.Find("[data-testid=day-2031-10-04]").Click(); // … → holiday
        page.Find("[data-testid=day-2031-10-06]").Click(); // Monday → holiday …
        page.Find("[data-testid=day-2031-10-06]").Click(); // … → back to a working day

        Assert.Equal(nameof(DayKind.Holiday), page.Find("[data-testid=day-2031-10-01]").GetAttribute("data-kind"));
        Assert.Equal(nameof(DayKind.MakeUpWorkday), page.Find("[data-testid=day-2031-09-28]").GetAttribute("data-kind"));
        Assert.Equal(nameof(DayKind.Holiday), page.Find("[data-testid=day-2031-10-04]").GetAttribute("data-kind"));
        Assert.Equal(nameof(DayKind.Working), page.Find("[data-testid=day-2031-10-06]").GetAttribute("data-kind"));

        page.Find("button[data-testid=calendar-save]").Click();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=calendar-published]")));
        var saved = _calendar.Years[2031];
        Assert.Equal([new DateOnly(2031, 10, 1), new DateOnly(2031, 10, 4)], saved.Holidays.Select(d => d.Date));
        Assert.Equal([new DateOnly(2031, 9, 28)], saved.MakeUpWorkdays.Select(d => d.Date));
        Assert.All(saved.Holidays, d => Assert.Equal("节假日", d.Name));
        Assert.Equal("调休上班", saved.MakeUpWorkdays.Single().Name);
    }

    [Fact]
    public void ASavedYear_ShowsItsHolidays_AndClickingOneMakesItAnOrdinaryDayAgain()
    {
        _calendar.Years[2030] = new CalendarYear
        {
            Year = 2030,
            Holidays = [new CalendarDay(new DateOnly(2030, 1, 1), "元旦")],
            MakeUpWorkdays = [new CalendarDay(new DateOnly(2030, 1, 5), "元旦调休")],
        };
        var page = Context.Render<CalendarPage>(p => p.Add(c => c.Year, 2030));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=calendar-published]")));
        Assert.Contains("元旦", page.Find("[data-testid=day-2030-01-01]").GetAttribute("title"));
        Assert.Equal(nameof(DayKind.MakeUpWorkday), page.Find("[data-testid=day-2030-01-05]").GetAttribute("data-kind"));

        page.Find("[data-testid=day-2030-01-01]").Click();
        page.Find("button[data-testid=calendar-save]").Click();

        page.WaitForAssertion(() => Assert.Empty(_calendar.Years[2030].Holidays));
        Assert.Equal("元旦调休", _calendar.Years[2030].MakeUpWorkdays.Single().Name);
    }

    [Fact]
    public void TheOutbox_ShowsStateAttemptsAndLastError_AndOffersRetryOnlyForFailedMessages()
    {
        _mail.Outbox.Add(Entry("m-failed", OutboxStates.Failed, 5, "550 mailbox unavailable"));
        _mail.Outbox.Add(Entry("m-sent", OutboxStates.Sent, 1, null));
        var page = Context.Render<OutboxPage>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=outbox-row]").Count));
        var failed = page.Find("[data-testid=outbox-row][data-id=m-failed]");
        Assert.Contains("550 mailbox unavailable", failed.TextContent);
        Assert.Contains("发送失败", failed.TextContent);
        Assert.Single(page.FindAll("[data-testid=outbox-retry]"));

        page.Find("button[data-testid=outbox-retry]").Click();

        page.WaitForAssertion(() => Assert.Equal(OutboxStates.Pending, page.Find("[data-testid=outbox-row][data-id=m-failed]").GetAttribute("data-state")));
        Assert.Empty(page.FindAll("[data-testid=outbox-retry]"));
        Assert.Empty(page.FindAll("[data-testid=admin-errors]"));
    }

    [Fact]
    public void TheOutbox_FiltersByState()
    {
        _mail.Outbox.Add(Entry("m-failed", OutboxStates.Failed, 5, "timeout"));
        _mail.Outbox.Add(Entry("m-sent", OutboxStates.Sent, 1, null));
        var page = Context.Render<OutboxPage>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=outbox-row]").Count));

        page.Find("button[data-testid=outbox-filter-Failed]").Click();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=outbox-row]")));
        Assert.Equal(OutboxStates.Failed, _mail.Filters.Last());
        Assert.Equal("m-failed", page.Find("[data-testid=outbox-row]").GetAttribute("data-id"));
    }

    [Fact]
    public void TheOutbox_ShowsFiftyEMailsAPage_AndSaysWhenTheCountStopped()
    {
        _mail.CountLimit = 180;
        _mail.Outbox.AddRange(Enumerable.Range(0, 200).Select(i => Entry($"m-{i}", OutboxStates.Sent, 1, null)));
        _mail.Outbox.AddRange(Enumerable.Range(0, 60).Select(i => Entry($"f-{i}", OutboxStates.Failed, 5, "timeout")));
        var page = Context.Render<OutboxPage>();

        page.WaitForAssertion(() => Assert.Equal(50, page.FindAll("[data-testid=outbox-row]").Count));
        Assert.Equal("第 1–50 封，共 180 多封", page.Find("[data-testid=outbox-pages]").TextContent);
        page.FindAll("[data-testid=outbox-pager] button").Single(b => b.TextContent == "3").Click();
        page.WaitForAssertion(() => Assert.Equal("第 101–150 封，共 180 多封", page.Find("[data-testid=outbox-pages]").TextContent));
        Assert.Equal(["m-100", "m-149"], [page.FindAll("[data-testid=outbox-row]")[0].GetAttribute("data-id")!, page.FindAll("[data-testid=outbox-row]")[^1].GetAttribute("data-id")!]);

        page.Find("button[data-testid=outbox-filter-Failed]").Click();

        page.WaitForAssertion(() => Assert.Equal("第 1–50 封，共 60 封", page.Find("[data-testid=outbox-pages]").TextContent));
        Assert.Equal("f-0", page.FindAll("[data-testid=outbox-row]")[0].GetAttribute("data-id"));
        page.FindAll("[data-testid=outbox-pager] button").Single(b => b.TextContent == "2").Click();
        page.WaitForAssertion(() => Assert.Equal(10, page.FindAll("[data-testid=outbox-row]").Count));
        Assert.Equal("第 51–60 封，共 60 封", page.Find("[data-testid=outbox-pages]").TextContent);
    }

    [Fact]
    public void TheSmtpTest_SendsToTheRecipient_AndShowsTheResult()
    {
        var page = Context.Render<SmtpTestPage>();

        page.Find("[data-testid=smtp-recipient]").Input("it@example.gov.cn");
        page.Find("button[data-testid=smtp-send]").Click();

        page.WaitForAssertion(() => Assert.Contains("测试邮件已发送至 it@example.gov.cn", page.Find("[data-testid=smtp-result]").TextContent));
        Assert.Equal(["it@example.gov.cn"], _mail.TestsSentTo);
    }

    [Fact]
    public void TheSmtpTest_ShowsTheServersError_WhenSendingFails()
    {
        _mail.TestOutcome = new SmtpTestOutcome(false, null, null, "Connection refused");
        var page = Context.Render<SmtpTestPage>();

        page.Find("[data-testid=smtp-recipient]").Input("it@example.gov.cn");
        page.Find("button[data-testid=smtp-send]").Click();

        page.WaitForAssertion(() => Assert.Equal("发送失败：Connection refused", page.Find("[data-testid=smtp-result]").TextContent.Trim()));
    }

    [Fact]
    public void AnEmailTemplate_ThatDoesNotParse_ShowsThePartLineAndColumn()
    {
        _mail.SaveProblems = [new TemplateProblem("body", 2, 17, "Expected end tag")];
        var page = Context.Render<EmailTemplatesPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=template-body]")));

        page.Find("[data-testid=template-body]").Change("<p>一</p>\n<p>{% if outcome %}</p>");
        page.Find("button[data-testid=template-save]").Click();

        page.WaitForAssertion(() => Assert.Equal("body：第 2 行第 17 列：Expected end tag", page.Find("[data-testid=template-problem]").TextContent.Trim()));
        Assert.Empty(_mail.Saved);
    }

    [Fact]
    public void AnEmailTemplatesSubject_LeftEmpty_IsMarkedRequired_InTheUIsLanguage()
    {
        var page = Context.Render<EmailTemplatesPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=template-subject]")));

        page.Find("[data-testid=template-subject]").Change("");
        page.Find("[data-testid=template-subject]").Blur();

        page.WaitForAssertion(() => Assert.Equal("必填", page.Find(".mud-input-helper-text.mud-input-error").TextContent.Trim()));
    }

    [Fact]
    public void AnEmailTemplate_IsPreviewedWithSampleValues_AndSaved()
    {
        var page = Context.Render<EmailTemplatesPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=template-subject]")));

        page.Find("[data-testid=template-subject]").Change("【提醒】{{ title }}");
        page.Find("button[data-testid=template-preview]").Click();
        page.WaitForAssertion(() => Assert.Equal("【提醒】示例标题", page.Find("[data-testid=preview-subject]").TextContent.Trim()));

        page.Find("button[data-testid=template-save]").Click();

        page.WaitForAssertion(() => Assert.Equal(("task-assigned", "【提醒】{{ title }}"), (_mail.Saved.Single().Key, _mail.Saved.Single().Subject)));
        page.WaitForAssertion(() => Assert.Equal("已修改", page.Find("[data-testid=template-origin]").TextContent.Trim()));
    }

    [Fact]
    public void ADocumentTemplatePreview_ShowsProblemsInTheSampleData()
    {
        _documents.Preview = new TemplatePreview(null, null, [new TemplateProblem("data", 1, 3, "invalid JSON")]);
        var page = Context.Render<DocumentTemplatesPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=doc-sample]")));

        page.Find("[data-testid=doc-sample]").Change("{ x");
        page.Find("button[data-testid=template-preview]").Click();

        page.WaitForAssertion(() => Assert.Equal("data：第 1 行第 3 列：invalid JSON", page.Find("[data-testid=template-problem]").TextContent.Trim()));
        Assert.Equal(["{ x"], _documents.SampleData);
        Assert.Empty(page.FindAll("[data-testid=preview-body]"));
    }

    [Fact]
    public void TheOrganisation_ShowsTheServersValidationErrors()
    {
        _organisation.Refusal = AdminResult.Invalid(new Dictionary<string, string[]> { ["code"] = ["code is required"], ["name"] = ["name is required"] });
        var page = Context.Render<OrganisationPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("button[data-testid=department-add]")));

        page.Find("button[data-testid=department-add]").Click();

        page.WaitForAssertion(() => Assert.Contains("code: code is required", page.Find("[data-testid=admin-errors]").TextContent));
        Assert.Contains("name: name is required", page.Find("[data-testid=admin-errors]").TextContent);
        Assert.Single(_organisation.Departments);
    }

    [Fact]
    public void EditingAPerson_ChangesTheirEmailAndRoles_AndResetsThePassword()
    {
        var page = Context.Render<OrganisationPage>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=user-row]").Count));

        page.Find("[data-testid=user-row][data-user=\"li.si\"] button[data-testid=user-edit]").Click();
        // The form renders once the click's handler has run on the renderer's thread.
        page.WaitForAssertion(() => Assert.True(page.Find("[data-testid=user-username]").HasAttribute("disabled")));
        page.Find("[data-testid=user-email]").Change("li.si@example.gov.cn");
        page.Find("[data-testid=user-password]").Change("N3w-Passw0rd");
        page.Find("input[data-testid=user-role-health-office], [data-testid=user-role-health-office]").Change(true);
        page.Find("button[data-testid=user-save]").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=user-form]")));
        var (userName, edit) = _organisation.Updates.Single();
        Assert.Equal(("li.si", "li.si@example.gov.cn", "N3w-Passw0rd", "zhang.san"), (userName, edit.Email, edit.Password, edit.Supervisor));
        Assert.Equal(["health-office"], edit.Roles);
        Assert.Contains("健康专家委员会办公室", page.Find("[data-testid=user-row][data-user=\"li.si\"]").TextContent);
    }

    [Fact]
    public void RemovingAPerson_AsksForConfirmationFirst()
    {
        var page = Context.Render<OrganisationPage>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=user-row]").Count));

        page.Find("[data-testid=user-row][data-user=\"li.si\"] button[data-testid=user-delete]").Click();
        Assert.Equal(2, _organisation.Users.Count);
        page.WaitForAssertion(() => page.Find("[data-testid=user-row][data-user=\"li.si\"] button[data-testid=user-delete-confirm]"));
        page.Find("[data-testid=user-row][data-user=\"li.si\"] button[data-testid=user-delete-confirm]").Click();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=user-row]")));
        Assert.Equal("zhang.san", _organisation.Users.Single().UserName);
    }

    [Fact]
    public void ADistrictsPeople_AreListedFiftyToAPage_AndFoundByNameOrDepartment()
    {
        _organisation.Departments.Add(new OrgDepartment("fire", "区消防救援大队"));
        _organisation.Users.AddRange(Enumerable.Range(1, 118).Select(i => new AdminUser($"fire-{i:D3}", $"消防员{i:D3}", null, "fire", [], null)));
        var page = Context.Render<OrganisationPage>();
        page.WaitForAssertion(() => Assert.Equal(50, page.FindAll("[data-testid=user-row]").Count));
        Assert.Equal("第 1–50 人，共 120 人", page.Find("[data-testid=user-pages]").TextContent);
        Assert.Equal("zhang.san", page.FindAll("[data-testid=user-row]")[0].GetAttribute("data-user"));

        // MudBlazor's own labels, read out by screen readers, are the UI's Chinese.
        page.Find("[data-testid=user-pager] button[aria-label='第 3 页']").Click();

        page.WaitForAssertion(() => Assert.Equal(20, page.FindAll("[data-testid=user-row]").Count));
        Assert.Equal("第 101–120 人，共 120 人", page.Find("[data-testid=user-pages]").TextContent);
        Assert.Equal(["fire-099", "fire-118"], [page.FindAll("[data-testid=user-row]")[0].GetAttribute("data-user")!, page.FindAll("[data-testid=user-row]")[^1].GetAttribute("data-user")!]);

        page.Find("input[data-testid=user-filter], [data-testid=user-filter] input").Input("李四");
        page.WaitForAssertion(() => Assert.Equal("li.si", page.Find("[data-testid=user-row]").GetAttribute("data-user")));
        Assert.Single(page.FindAll("[data-testid=user-row]"));
        Assert.Empty(page.FindAll("[data-testid=user-pager]"));

        page.Find("input[data-testid=user-filter], [data-testid=user-filter] input").Input("消防救援");
        page.WaitForAssertion(() => Assert.Equal("第 1–50 人，共 118 人", page.Find("[data-testid=user-pages]").TextContent));
        Assert.Equal("fire-001", page.FindAll("[data-testid=user-row]")[0].GetAttribute("data-user"));

        page.Find("input[data-testid=user-filter], [data-testid=user-filter] input").Input("没有这个人");
        page.WaitForAssertion(() => Assert.Equal("没有找到人员", page.Find("[data-testid=user-none]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=user-row]"));
    }

    [Fact]
    public void ADepartment_IsRenamedInPlace()
    {
        var page = Context.Render<OrganisationPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("button[data-testid=department-rename]")));

        page.Find("button[data-testid=department-rename]").Click();
        page.Find("[data-testid=department-newname]").Change("区卫生健康委员会");
        page.Find("button[data-testid=department-rename-save]").Click();

        page.WaitForAssertion(() => Assert.Contains("区卫生健康委员会", page.Find("[data-testid=department-row][data-code=health]").TextContent));
        Assert.Equal("区卫生健康委员会", _organisation.Departments.Single().Name);
    }

    [Fact]
    public void TheRegister_SetsASeries_AndShowsTheRefusalNamingTheIssuedNumber()
    {
        var page = Context.Render<DocumentRegisterPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=register-row-城政办函-2026]")));

        page.Find("button[data-testid=register-open-城政办函-2026]").Click();
        page.WaitForAssertion(() => Assert.Contains("城政办函〔2026〕19号", page.Find("[data-testid=register-entries]").TextContent, StringComparison.Ordinal));
        Assert.Contains("作废", page.Find("[data-testid=register-entries]").TextContent, StringComparison.Ordinal);

        page.Find("[data-testid=register-next]").Change("30");
        page.Find("[data-testid=register-reserved]").Change("31，33");
        page.Find("button[data-testid=register-save]").Click();
        page.WaitForAssertion(() => Assert.Single(_register.Saved));
        Assert.Equal(("城政办函", 2026, 30), (_register.Saved[0].Prefix, _register.Saved[0].Year, _register.Saved[0].Next));
        Assert.Equal([31, 33], _register.Saved[0].Reserved);

        page.Find("[data-testid=register-next]").Change("5");
        page.Find("button[data-testid=register-save]").Click();
        page.WaitForAssertion(() => Assert.Contains("城政办函〔2026〕19号", page.Find("[data-testid=register-error]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void TheLedger_ShowsTheRowsAndTotals_AndLinksTheSpreadsheet()
    {
        var page = Context.Render<LedgersPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=ledger-download]")));
        Assert.Contains("format=xlsx", page.Find("[data-testid=ledger-download]").GetAttribute("href"), StringComparison.Ordinal);

        page.Find("[data-testid=ledger-from]").Change("2026-01-01");
        page.Find("[data-testid=ledger-to]").Change("2026-06-30");
        page.Find("button[data-testid=ledger-show]").Click();

        page.WaitForAssertion(() => Assert.Contains("城区促进商贸流通若干措施", page.Find("[data-testid=ledger-rows]").TextContent, StringComparison.Ordinal));
        Assert.Contains("符合：2", page.Find("[data-testid=ledger-totals]").TextContent, StringComparison.Ordinal);
        Assert.Equal(("fair-competition-review", new DateOnly(2026, 1, 1), new DateOnly(2026, 6, 30)), _ledgers.Asked.Single());
        Assert.Contains("from=2026-01-01&to=2026-06-30", page.Find("[data-testid=ledger-download]").GetAttribute("href"), StringComparison.Ordinal);
    }

    [Fact]
    public void TheAdminPages_LinkToEachOther_AndToHangfire()
    {
        var page = Context.Render<OutboxPage>();

        var links = page.FindAll("[data-testid=admin-nav] a").Select(a => a.GetAttribute("href")).ToList();

        Assert.Equal([AdminNav.Organisation, AdminNav.Calendar, AdminNav.EmailTemplates, AdminNav.DocumentTemplates, AdminNav.DocumentNumbers, AdminNav.Ledgers,
            AdminNav.Outbox, AdminNav.Smtp, AdminNav.Audit, AdminNav.Triggers, "/hangfire"], links);
    }

    private static OutboxEntry Entry(string id, string state, int attempts, string? error) =>
        new(id, "inst-1", "mail", state, attempts, new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero), null, error, "【待办】测试");
}
