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
    /// in CI (the first on a cold server, the last on the lagging server of 2026-12-07) a wait for the designer's address
    /// timed out after 新建 was clicked; in a run at a load average of 18 the page then showed the new definition's
    /// designer. So the designer is waited for by its canvas, and its address read from the page. A miss is retried once
    /// as a clerk would, reloading the list (keeping a screenshot, the page and its address and text from the first
    /// attempt in test-output/), then opening the definition if it was made or filling the form again. A second miss
    /// fails with what the page showed both times.
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
                await OpenedAsync(id, attempt == 1 ? 45_000 : 90_000);
                return;
            }
            catch (PlaywrightException) when (attempt == 1)
            {
                firstMiss = await RecordMissAsync($"designer-create-timeout-{id}");
            }
            catch (PlaywrightException ex)
            {
                throw new TimeoutException($"creating {id} did not open its designer twice; first: {firstMiss}; then: {await RecordMissAsync($"designer-create-timeout-{id}-again")}", ex);
            }
            await Page.GotoAsync("/designer");
            var existing = Page.Locator($"[data-testid=open-{id}]");
            // The shipped procedures are listed once the list has loaded.
            await Page.Locator("[data-testid^=open-]").First.WaitForAsync(new() { Timeout = 90_000 });
            if (await existing.CountAsync() > 0)
            {
                await existing.ClickAsync();
                await OpenedAsync(id, 90_000);
                return;
            }
        }
    }

    /// <summary>The definition's designer shows its canvas with its Start step, at the definition's address.</summary>
    private async Task OpenedAsync(string id, float timeout)
    {
        await Assertions.Expect(Canvas).ToBeVisibleAsync(new() { Timeout = timeout });
        await WaitForCanvasAsync(1);
        var path = await Page.EvaluateAsync<string>("() => location.pathname");
        if (!path.EndsWith($"/designer/{id}", StringComparison.Ordinal))
        {
            throw new PlaywrightException($"a designer opened at {path}, not at /designer/{id}");
        }
    }

    /// <summary>Keeps what the page shows in test-output/ and returns its address (as Playwright and the page know it), state and text.</summary>
    private async Task<string> RecordMissAsync(string name)
    {
        await BrowserServer.ScreenshotAsync(Page, name);
        await File.WriteAllTextAsync(Path.Combine(BrowserServer.OutputFolder, $"{name}.html"), await Page.ContentAsync());
        var seen = $"{Page.Url} (the page: {await Page.EvaluateAsync<string>("() => location.href + ', ' + document.readyState")}): {await Page.InnerTextAsync("body")}";
        await File.WriteAllTextAsync(Path.Combine(BrowserServer.OutputFolder, $"{name}.txt"), seen);
        return seen;
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
