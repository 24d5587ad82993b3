using Workflows.Core.Calendar;
using Workflows.Designer.Services;

namespace Workflows.Designer.Tests.Work.Admin;

/// <summary>The calendar as the server keeps it, in memory: what was saved comes back, a year without data is null.</summary>
internal sealed class InMemoryCalendar : ICalendarClient
{
    public Dictionary<int, CalendarYear> Years { get; } = [];

    public Task<CalendarYear?> GetYearAsync(int year, CancellationToken cancellationToken) => Task.FromResult(Years.GetValueOrDefault(year));

    public Task<AdminResult> SaveYearAsync(CalendarYear year, CancellationToken cancellationToken)
    {
        if (year.FindProblems() is { Count: > 0 } problems)
        {
            return Task.FromResult(AdminResult.Invalid(new Dictionary<string, string[]> { ["year"] = [.. problems] }));
        }
        Years[year.Year] = year;
        return Task.FromResult(AdminResult.Done);
    }
}

/// <summary>An outbox and template store in memory; retry follows the server's rule (only Failed), the rest answers as told.</summary>
internal sealed class InMemoryMail : IMailAdminClient
{
    public List<OutboxEntry> Outbox { get; } = [];
    public List<string?> Filters { get; } = [];
    public List<(string Key, string Subject, string Body)> Saved { get; } = [];
    public IReadOnlyList<TemplateProblem> SaveProblems { get; set; } = [];
    public SmtpTestOutcome TestOutcome { get; set; } = new(true, "smtp", null, null);
    public List<string> TestsSentTo { get; } = [];

    public IReadOnlyList<string> TemplateKeys { get; } = ["task-assigned", "reminder"];

    public Task<EmailTemplateView> GetTemplateAsync(string key, CancellationToken cancellationToken) =>
        Task.FromResult(new EmailTemplateView(key, $"【{key}】{{{{ title }}}}", "<p>{{ title }}</p>", !Saved.Any(s => s.Key == key)));

    public Task<TemplatePreview> PreviewAsync(string key, string subject, string body, CancellationToken cancellationToken) =>
        Task.FromResult(new TemplatePreview(subject.Replace("{{ title }}", "示例标题", StringComparison.Ordinal), body, []));

    public Task<TemplateSaved> SaveTemplateAsync(string key, string subject, string body, CancellationToken cancellationToken)
    {
        if (SaveProblems.Count == 0)
        {
            Saved.Add((key, subject, body));
        }
        return Task.FromResult(new TemplateSaved(SaveProblems.Count == 0, SaveProblems));
    }

    public Task<SmtpTestOutcome> SendTestAsync(string recipient, CancellationToken cancellationToken)
    {
        TestsSentTo.Add(recipient);
        return Task.FromResult(TestOutcome);
    }

    /// <summary>How many e-mails the outbox counts before it says there are more.</summary>
    public int CountLimit { get; set; } = 10_000;

    public Task<OutboxView> OutboxAsync(string? state, int page, int pageSize, CancellationToken cancellationToken)
    {
        Filters.Add(state);
        var matching = Outbox.Where(o => state is null || o.State == state).ToList();
        return Task.FromResult(new OutboxView([.. matching.Skip(page * pageSize).Take(pageSize)], Math.Min(matching.Count, CountLimit), matching.Count > CountLimit));
    }

    public Task<AdminResult> RetryAsync(string messageId, CancellationToken cancellationToken)
    {
        var index = Outbox.FindIndex(o => o.Id == messageId);
        if (index < 0 || Outbox[index].State != OutboxStates.Failed)
        {
            return Task.FromResult(AdminResult.Failed($"e-mail '{messageId}' has not failed"));
        }
        Outbox[index] = Outbox[index] with { State = OutboxStates.Pending, Attempts = 0 };
        return Task.FromResult(AdminResult.Done);
    }
}

/// <summary>An organisation in memory that refuses what it is told to refuse, so the page's error display can be seen.</summary>
internal sealed class InMemoryOrganisation : IOrganisationAdminClient
{
    public List<AdminUser> Users { get; } =
    [
        new("zhang.san", "张三", "zhang.san@example.gov.cn", "health", ["drafter"], null),
        new("li.si", "李四", null, "health", [], "zhang.san"),
    ];
    public List<OrgRole> Roles { get; } = [new("drafter", "起草部门经办人"), new("health-office", "健康专家委员会办公室")];
    public List<OrgDepartment> Departments { get; } = [new("health", "区卫生健康和体育局")];
    public AdminResult? Refusal { get; set; }
    public List<(string UserName, UserEdit Edit)> Updates { get; } = [];

    public Task<OrganisationDetails> LoadAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new OrganisationDetails([.. Users], [.. Roles], [.. Departments]));

    public Task<AdminResult> CreateDepartmentAsync(string code, string name, string? parentCode, CancellationToken cancellationToken) =>
        Apply(() => Departments.Add(new OrgDepartment(code, name)));

    public Task<AdminResult> RenameDepartmentAsync(string code, string name, CancellationToken cancellationToken) =>
        Apply(() => Departments[Departments.FindIndex(d => d.Code == code)] = new OrgDepartment(code, name));

    public Task<AdminResult> CreateRoleAsync(string name, string displayName, CancellationToken cancellationToken) =>
        Apply(() => Roles.Add(new OrgRole(name, displayName)));

    public Task<AdminResult> CreateUserAsync(UserEdit user, CancellationToken cancellationToken) =>
        Apply(() => Users.Add(new AdminUser(user.UserName, user.DisplayName, user.Email, user.Department, user.Roles, user.Supervisor)));

    public Task<AdminResult> UpdateUserAsync(string userName, UserEdit user, CancellationToken cancellationToken) => Apply(() =>
    {
        Updates.Add((userName, user));
        Users[Users.FindIndex(u => u.UserName == userName)] = new AdminUser(userName, user.DisplayName, user.Email, user.Department, user.Roles, user.Supervisor);
    });

    public Task<AdminResult> DeleteUserAsync(string userName, CancellationToken cancellationToken) => Apply(() => Users.RemoveAll(u => u.UserName == userName));

    private Task<AdminResult> Apply(Action change)
    {
        if (Refusal is { } refusal)
        {
            return Task.FromResult(refusal);
        }
        change();
        return Task.FromResult(AdminResult.Done);
    }
}

/// <summary>Document templates in memory; the preview and save answer as told.</summary>
internal sealed class InMemoryDocumentTemplates : IDocumentTemplatesClient
{
    public List<DocumentTemplateView> Templates { get; } =
        [new("health-review-opinion", "审查意见书", "健审", "{{ document.title }}", "{{ data.addressee }}", "{{ data.opinion }}", "区卫生健康和体育局",
            "onRequest", "", "阳泉市城区健康专家委员会办公室", "", "", true)];
    public TemplatePreview Preview { get; set; } = new("审查意见书", "<p>预览</p>", []);
    public List<string> SampleData { get; } = [];

    public Task<IReadOnlyList<DocumentTemplateView>> ListAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<DocumentTemplateView>>([.. Templates]);

    public Task<TemplatePreview> PreviewAsync(DocumentTemplateView template, string sampleData, CancellationToken cancellationToken)
    {
        SampleData.Add(sampleData);
        return Task.FromResult(Preview);
    }

    public Task<TemplateSaved> SaveAsync(DocumentTemplateView template, CancellationToken cancellationToken)
    {
        Templates[Templates.FindIndex(t => t.Key == template.Key)] = template;
        return Task.FromResult(new TemplateSaved(true, []));
    }
}

/// <summary>A register with one series; a next at or below 19 is refused the way the server refuses it.</summary>
internal sealed class InMemoryRegister : IDocumentRegisterClient
{
    public List<(string Prefix, int Year, int Next, int[] Reserved)> Saved { get; } = [];

    public Task<IReadOnlyList<NumberSeriesView>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<NumberSeriesView>>([new("城政办函", 2026, 20, [25], 1)]);

    public Task<IReadOnlyList<RegisterEntryView>> EntriesAsync(string prefix, int year, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<RegisterEntryView>>([new("城政办函〔2026〕19号", "关于同意车辆报废的复函", "Voided", "leader", null, "i1")]);

    public Task<RegisterSaved> SaveAsync(string prefix, int year, int next, IReadOnlyList<int> reserved, CancellationToken cancellationToken)
    {
        if (next <= 19)
        {
            return Task.FromResult(new RegisterSaved(false, "城政办函〔2026〕19号 is already issued (关于同意车辆报废的复函); next must be above it"));
        }
        Saved.Add((prefix, year, next, [.. reserved]));
        return Task.FromResult(new RegisterSaved(true, null));
    }
}

/// <summary>One ledger, whatever the period; remembers what was asked.</summary>
internal sealed class InMemoryLedgers : ILedgersClient
{
    public List<(string DefinitionId, DateOnly? From, DateOnly? To)> Asked { get; } = [];

    public Task<IReadOnlyList<LedgerProcedureView>> ProceduresAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<LedgerProcedureView>>([new("fair-competition-review", "公平竞争审查")]);

    public Task<LedgerView> BuildAsync(string definitionId, DateOnly? from, DateOnly? to, CancellationToken cancellationToken)
    {
        Asked.Add((definitionId, from, to));
        return Task.FromResult(new LedgerView("公平竞争审查台账", ["政策措施名称", "审查结论"],
            [["城区促进商贸流通若干措施", "符合"], ["城区招商引资优惠办法", "符合"]], [new("符合", 2)], 2));
    }
}
