using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Workflows.Designer.Services;
using Workflows.Designer.Work.Documents;

namespace Workflows.Designer.Tests.Work.Documents;

public sealed class DraftEditorTests : DesignerContext
{
    private readonly InMemoryDrafts _drafts = new();

    public DraftEditorTests()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        Context.Services.AddSingleton<IDocumentDraftsClient>(_drafts);
        Context.Render<MudPopoverProvider>();
        Context.Render<MudSnackbarProvider>();
    }

    [Fact]
    public void TheChecker_EditsTheDraft_AndSeesTheServersRefusal()
    {
        _drafts.Drafts.Add(new("d1", "关于同意车辆报废的复函", "区城乡建设事务服务中心：", "已收悉。", "区财政局", Editable: true));
        var page = Context.Render<DraftEditor>(p => p.Add(c => c.InstanceId, "i1"));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=draft-body]")));

        page.Find("[data-testid=draft-body]").Change("已收悉。\n特此复函。");
        page.Find("button[data-testid=draft-save]").Click();
        page.WaitForAssertion(() => Assert.Equal("已收悉。\n特此复函。", Assert.Single(_drafts.Saved).Body));

        _drafts.Refusal = "已签发为 城政办函〔2026〕3号，不能再修改";
        page.Find("button[data-testid=draft-save]").Click();
        page.WaitForAssertion(() => Assert.Contains("城政办函〔2026〕3号", page.Find("[data-testid=draft-error]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void ADraftSomeoneElseChecks_IsShownReadOnly()
    {
        _drafts.Drafts.Add(new("d1", "关于同意车辆报废的复函", "", "已收悉。", "", Editable: false));
        var page = Context.Render<DraftEditor>(p => p.Add(c => c.InstanceId, "i1"));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=draft]")));

        Assert.Empty(page.FindAll("button[data-testid=draft-save]"));
        Assert.True(page.Find("[data-testid=draft-body]").HasAttribute("readonly"));
    }

    private sealed class InMemoryDrafts : IDocumentDraftsClient
    {
        public List<DraftView> Drafts { get; } = [];
        public List<DraftView> Saved { get; } = [];
        public string? Refusal { get; set; }

        public Task<IReadOnlyList<DraftView>> DraftsAsync(string instanceId, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<DraftView>>([.. Drafts]);

        public Task<DraftSaved> SaveAsync(string instanceId, DraftView draft, CancellationToken cancellationToken)
        {
            if (Refusal is not null)
            {
                return Task.FromResult(new DraftSaved(false, Refusal));
            }
            Saved.Add(draft);
            return Task.FromResult(new DraftSaved(true, null));
        }
    }
}
