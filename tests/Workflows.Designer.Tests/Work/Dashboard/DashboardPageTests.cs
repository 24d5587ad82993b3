using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Designer.Services;
using Workflows.Designer.Work.Dashboard;

namespace Workflows.Designer.Tests.Work.Dashboard;

/// <summary>The dashboard of a district after a year: its long lists are drawn a page at a time, its charts show the steps that stand out.</summary>
public sealed class DashboardPageTests : DesignerContext
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 9, 0, 0, TimeSpan.FromHours(8));

    public DashboardPageTests()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        Context.Services.AddSingleton<IWorkChanges>(new NoChanges());
    }

    [Fact]
    public void AYearsOverdueTasksAndStepTimes_AreListedFiftyToAPage_AndEachChartShowsTwelveSteps()
    {
        var overdue = Enumerable.Range(1, 100).Select(i => new OverdueTask($"t{i}", $"i{i}", "公共政策健康审查", $"事项 {i:000}", ["zhang.san"], "卫健委", Now.AddDays(-i), 101 - i)).ToList();
        var stepTimes = Enumerable.Range(1, 143).Select(i => new StepTime("重大火灾隐患", $"环节 {i:000}", i, i / 10.0, i / 5.0)).ToList();
        var overdueSteps = Enumerable.Range(1, 30).Select(i => new OverdueStep("重大火灾隐患", $"环节 {i:000}", 31 - i)).ToList();
        Context.Services.AddSingleton<IDashboardClient>(new FixedDashboard(new DashboardView([], [], overdue, stepTimes, 30, [], 3899, overdueSteps, Now)));

        var page = Context.Render<DashboardPage>();
        page.WaitForAssertion(() => Assert.Equal(50, page.FindAll("[data-testid=overdue-row]").Count));

        Assert.Equal("第 1–50 项，共 100 项", page.Find("[data-testid=overdue-pages]").TextContent.Trim());
        Assert.Equal("列出最超期的 100 项，共 3899 项超期", page.Find("[data-testid=overdue-more]").TextContent.Trim());
        page.Find("[data-testid=overdue-pager] button[aria-label='第 2 页']").Click();
        Assert.Equal("事项 051", page.FindAll("[data-testid=overdue-row]")[0].QuerySelector("a")!.TextContent.Trim());
        Assert.Equal(50, page.FindAll("[data-testid=overdue-row]").Count);

        Assert.Equal(50, page.FindAll("[data-testid=step-time]").Count);
        Assert.Equal("第 1–50 个环节，共 143 个", page.Find("[data-testid=step-times-pages]").TextContent.Trim());
        page.Find("[data-testid=step-times-pager] button[aria-label='第 3 页']").Click();
        var last = page.FindAll("[data-testid=step-time]");
        Assert.Equal(43, last.Count);
        Assert.Contains("环节 101", last[0].TextContent, StringComparison.Ordinal);

        // The chart of overdue steps shows the twelve with the most overdue tasks, the most first.
        var labels = page.FindAll("[data-testid=chart-overdue] svg text").Select(t => t.TextContent.Trim()).Where(t => t.Contains("环节", StringComparison.Ordinal)).ToList();
        Assert.Equal(12, labels.Count);
        Assert.Contains("环节 001", labels[0], StringComparison.Ordinal);
        Assert.DoesNotContain(labels, l => l.Contains("环节 013", StringComparison.Ordinal));
    }

    private sealed class FixedDashboard(DashboardView view) : IDashboardClient
    {
        public Task<DashboardView> LoadAsync(CancellationToken cancellationToken) => Task.FromResult(view);

        public Task<IReadOnlyList<string>?> ReachAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<string>?>(null);
    }

    private sealed class NoChanges : IWorkChanges
    {
        public IDisposable Watch(string? instanceId, Action changed) => new Nothing();

        public IDisposable WatchReach(IReadOnlyCollection<string> reach, Action changed) => new Nothing();

        private sealed class Nothing : IDisposable
        {
            public void Dispose()
            {
            }
        }
    }
}
