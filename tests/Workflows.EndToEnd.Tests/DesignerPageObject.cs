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

    public async Task WaitForCanvasAsync(int nodes)
    {
        await Assertions.Expect(Nodes).ToHaveCountAsync(nodes, new() { Timeout = 15000 });
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
