using Microsoft.Playwright;

namespace Workflows.EndToEnd.Tests;

/// <summary>What a user does on the canvas page, in the browser's own terms (pointer drags, clicks, typing).</summary>
public sealed class DesignerPageObject(IPage page)
{
    public IPage Page { get; } = page;

    public ILocator Canvas => Page.Locator("[data-testid=canvas]");

    public ILocator Node(string activityId) => Page.Locator($"[data-activity-id=\"{activityId}\"]").First;

    public ILocator Nodes => Page.Locator(".activity-node");

    public ILocator Problems => Page.Locator("[data-testid=problems] [data-problem-code]");

    /// <summary>
    /// Waits for the canvas's nodes and for its drag preview, which the page sets up a round trip after the canvas's first
    /// render: on a loaded machine (load average 18) a drag the test began before that was not previewed.
    /// </summary>
    public async Task WaitForCanvasAsync(int nodes)
    {
        await Assertions.Expect(Nodes).ToHaveCountAsync(nodes, new() { Timeout = 15000 });
        await Assertions.Expect(Canvas).ToHaveAttributeAsync("data-drag-preview", "on", new() { Timeout = 15000 });
    }

    /// <summary>
    /// Creates a definition through the list page's form and waits for its designer with its Start step. Three times
    /// in CI (the first on a cold server, the last on the lagging server of 2026-12-07) the page stayed on the list for
    /// 90 s after 新建 was clicked. A clerk would reload the page: so does this, once, keeping a screenshot, the page
    /// and its text from the first attempt in test-output/, then opens the definition if it was made or fills the form
    /// again. A second miss fails with what the page showed both times.
    /// </summary>
    public async Task CreateDefinitionAsync(string id, string name)
    {
        string? firstMiss = null;
        for (var attempt = 1; ; attempt++)
        {
            await Page.ClickAsync("[data-testid=definition-new]");
            await Page.FillAsync("[data-testid=new-id]", id);
            await Page.FillAsync("[data-testid=new-name]", name);
            await Page.ClickAsync("[data-testid=definition-create]");
            try
            {
                await Page.WaitForURLAsync(url => url.EndsWith($"/designer/{id}"), new() { Timeout = attempt == 1 ? 45_000 : 90_000 });
                await WaitForCanvasAsync(1);
                return;
            }
            catch (TimeoutException) when (attempt == 1)
            {
                firstMiss = await RecordMissAsync($"designer-create-timeout-{id}");
            }
            catch (TimeoutException ex)
            {
                throw new TimeoutException($"creating {id} left the browser at {Page.Url} twice; first: {firstMiss}; then: {await RecordMissAsync($"designer-create-timeout-{id}-again")}", ex);
            }
            await Page.GotoAsync("/designer");
            var existing = Page.Locator($"[data-testid=open-{id}]");
            // The shipped procedures are listed once the list has loaded.
            await Page.Locator("[data-testid^=open-]").First.WaitForAsync(new() { Timeout = 90_000 });
            if (await existing.CountAsync() > 0)
            {
                await existing.ClickAsync();
                await Page.WaitForURLAsync(url => url.EndsWith($"/designer/{id}"), new() { Timeout = 90_000 });
                await WaitForCanvasAsync(1);
                return;
            }
        }
    }

    /// <summary>Keeps what the page shows in test-output/ and returns its address and text.</summary>
    private async Task<string> RecordMissAsync(string name)
    {
        await BrowserServer.ScreenshotAsync(Page, name);
        await File.WriteAllTextAsync(Path.Combine(BrowserServer.OutputFolder, $"{name}.html"), await Page.ContentAsync());
        return $"{Page.Url}: {await Page.InnerTextAsync("body")}";
    }

    /// <summary>Drags an activity type from the toolbox onto the canvas at (x, y) relative to the canvas.</summary>
    public async Task<string> DropAsync(string type, float x, float y)
    {
        var before = await Nodes.CountAsync();
        await Page.Locator($"[data-toolbox-type=\"{type}\"]").DragToAsync(Canvas, new() { TargetPosition = new() { X = x, Y = y } });
        await Assertions.Expect(Nodes).ToHaveCountAsync(before + 1);
        // The new node is selected, so the panel shows it.
        return (await Page.Locator("[data-testid=property-panel]").GetAttributeAsync("data-activity-id"))!;
    }

    /// <summary>Draws a connection from an outcome port to another activity's In port with the mouse.</summary>
    public async Task ConnectAsync(string from, string port, string to)
    {
        var source = Node(from).Locator($"[data-port=\"{port}\"] .diagram-port");
        var target = Node(to).Locator(".port-in");
        var a = (await source.BoundingBoxAsync())!;
        var b = (await target.BoundingBoxAsync())!;
        await Page.Mouse.MoveAsync(a.X + a.Width / 2, a.Y + a.Height / 2);
        await Page.Mouse.DownAsync();
        await Page.Mouse.MoveAsync((a.X + b.X) / 2, (a.Y + b.Y) / 2 + 10, new() { Steps = 5 });
        await Page.Mouse.MoveAsync(b.X + b.Width / 2, b.Y + b.Height / 2, new() { Steps = 5 });
        await Page.Mouse.UpAsync();
    }

    public async Task SelectAsync(string activityId)
    {
        await Node(activityId).Locator(".node-head").ClickAsync();
        await Assertions.Expect(Page.Locator($"[data-testid=property-panel][data-activity-id=\"{activityId}\"]")).ToBeVisibleAsync();
    }

    public Task TypeAsync(string testId, string text) => Page.Locator($"[data-testid=property-panel] [data-testid=\"{testId}\"]").FillAsync(text);
}
