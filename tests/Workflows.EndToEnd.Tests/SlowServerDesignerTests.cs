using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Workflows.EndToEnd.Tests;

/// <summary>A browser server whose circuits' messages are counted, and can be made to lag (<see cref="CircuitInbound"/>).</summary>
public sealed class LaggingBrowserServer : IAsyncLifetime
{
    public LaggingBrowserServer() => Server = new BrowserServer(Inbound);

    public CircuitInbound Inbound { get; } = new();

    public BrowserServer Server { get; }

    public Task InitializeAsync() => Server.InitializeAsync();

    public Task DisposeAsync() => Server.DisposeAsync();
}

/// <summary>A process designer at work on a busy server: one that handles each of the browser's messages 0.4 s late.</summary>
public sealed class SlowServerDesignerTests(LaggingBrowserServer fixture) : IClassFixture<LaggingBrowserServer>
{
    private static readonly TimeSpan Lag = TimeSpan.FromMilliseconds(400);

    /// <summary>
    /// A text field asked the browser for focus when it heard of the click into it; heard late, that request took the
    /// focus back from the next field while the designer was typing there, and the keys landed in the field before.
    /// </summary>
    [SkippableFact]
    public async Task OnALaggingServer_KeysTypedFieldAfterField_StayInTheFieldTheyWereTypedIn()
    {
        BrowserServer.SkipUnlessBrowser();
        var (page, designer) = await SignInAsync();
        await designer.CreateDefinitionAsync("lagging", "慢服务器上的录入");
        var task = await designer.DropAsync("UserTask", 420, 160);

        (string Field, string Text)[] typed =
        [
            ("prop-name", "科长审批"),
            ("input-title", "请假事由说明"),
            ("outcome-name-0", "approve"),
            ("outcome-label-0", "同意"),
            ("outcome-name-1", "reject"),
        ];
        var panel = page.Locator("[data-testid=property-panel]");
        await page.ClickAsync("[data-testid=outcome-add]");
        await Assertions.Expect(panel.Locator("[data-testid=outcome-name-1]")).ToBeVisibleAsync();
        fixture.Inbound.Delay = Lag;
        try
        {
            // Each field is clicked, its text selected and typed over at 80 ms a key: the next click comes before the
            // server hears of this one.
            foreach (var (field, text) in typed)
            {
                var input = panel.Locator($"[data-testid=\"{field}\"]");
                await input.ClickAsync();
                await page.Keyboard.PressAsync("Control+A");
                await page.Keyboard.TypeAsync(text, new() { Delay = 80 });
            }
            foreach (var (field, text) in typed)
            {
                await Assertions.Expect(panel.Locator($"[data-testid=\"{field}\"]")).ToHaveValueAsync(text, new() { Timeout = 15_000 });
            }
            // The server has caught up with the last key once the step's ports follow its outcomes (turning the lag off
            // before would let the save overtake keys still held).
            await Assertions.Expect(designer.Node(task).Locator("[data-port=reject]")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        }
        finally
        {
            fixture.Inbound.Delay = TimeSpan.Zero;
        }

        // What was typed is what the step holds.
        await page.ClickAsync("[data-testid=save]");
        var api = await fixture.Server.ApiAsync("designer");
        JsonObject? step = null;
        for (var attempt = 0; attempt < 50 && step?["name"]?.ToString() != "科长审批"; attempt++)
        {
            await Task.Delay(200);
            var saved = await api.GetFromJsonAsync<JsonObject>("/api/workflow-definitions/lagging?version=latest");
            step = saved!["root"]!["activities"]!.AsArray().OfType<JsonObject>().FirstOrDefault(a => a["type"]?.ToString() == "UserTask");
        }
        Assert.NotNull(step);
        Assert.Equal("科长审批", step["name"]!.ToString());
        Assert.Equal("请假事由说明", step["inputs"]!["title"]!["value"]!.ToString());
        var outcomes = step["inputs"]!["outcomes"]!["value"]!.AsArray();
        Assert.Equal(["approve", "reject"], outcomes.Select(o => o!["name"]!.ToString()));
        Assert.Equal("同意", outcomes[0]!["label"]!.ToString());
    }

    /// <summary>
    /// Renaming a step whose title was its name used to write the new name into the title field. That write reached
    /// the browser as the designer moved on to the title, and the keys typed there landed after the renamed title. A
    /// shipped step titled by its name now opens untitled (its name shown greyed in the empty title), and renaming
    /// writes only the name.
    /// </summary>
    [SkippableFact]
    public async Task OnALaggingServer_RenamingAStepTitledByItsName_ThenTypingItsTitle_KeepsBoth()
    {
        BrowserServer.SkipUnlessBrowser();
        var page = await fixture.Server.SignInAsync();
        var designer = new DesignerPageObject(page);
        await page.GotoAsync("/designer/health-review");
        await designer.SelectAsync("check");
        var panel = page.Locator("[data-testid=property-panel]");
        var name = panel.Locator("[data-testid=prop-name]");
        var title = panel.Locator("[data-testid=input-title]");
        var shipped = await name.InputValueAsync();
        await Assertions.Expect(title).ToHaveValueAsync("");
        await Assertions.Expect(title).ToHaveAttributeAsync("placeholder", shipped);

        fixture.Inbound.Delay = Lag;
        try
        {
            await name.ClickAsync();
            await page.Keyboard.PressAsync("End");
            await page.Keyboard.TypeAsync("（初审）", new() { Delay = 80 });
            await title.ClickAsync();
            await page.Keyboard.PressAsync("Control+A");
            await page.Keyboard.TypeAsync("请核对提请审查的材料", new() { Delay = 80 });
            await Assertions.Expect(name).ToHaveValueAsync(shipped + "（初审）", new() { Timeout = 15_000 });
            await Assertions.Expect(title).ToHaveValueAsync("请核对提请审查的材料", new() { Timeout = 15_000 });
            // The server has caught up once the node on the canvas shows the new name.
            await Assertions.Expect(designer.Node("check")).ToContainTextAsync(shipped + "（初审）", new() { Timeout = 15_000 });
            await page.WaitForTimeoutAsync(1000);
        }
        finally
        {
            fixture.Inbound.Delay = TimeSpan.Zero;
        }
        await Assertions.Expect(title).ToHaveValueAsync("请核对提请审查的材料");
    }

    /// <summary>
    /// Where a drop lands needs the canvas's place on the page, which the browser reports after the canvas's first
    /// render; a drop the server heard before that report was ignored.
    /// </summary>
    [SkippableFact]
    public async Task OnALaggingServer_AStepDroppedAsSoonAsTheCanvasShows_IsPlacedWhereItWasDropped()
    {
        BrowserServer.SkipUnlessBrowser();
        var (page, designer) = await SignInAsync();
        fixture.Inbound.Delay = Lag;
        try
        {
            await designer.CreateDefinitionAsync("lagging-drop", "慢服务器上的拖放");
            var canvas = (await designer.Canvas.BoundingBoxAsync())!;
            await page.Locator("[data-toolbox-type=\"UserTask\"]").DragToAsync(designer.Canvas, new() { TargetPosition = new() { X = 420, Y = 300 } });
            await Assertions.Expect(designer.Nodes).ToHaveCountAsync(2, new() { Timeout = 15_000 });
            // Selected, and where it was dropped: its box starts near the drop point, not at the canvas's corner.
            var step = await page.Locator("[data-testid=property-panel]").GetAttributeAsync("data-activity-id");
            Assert.NotNull(step);
            Assert.NotEqual("start", step);
            var box = (await designer.Node(step).BoundingBoxAsync())!;
            Assert.InRange(box.X - canvas.X, 300, 480);
            Assert.InRange(box.Y - canvas.Y, 200, 340);
        }
        finally
        {
            fixture.Inbound.Delay = TimeSpan.Zero;
        }
    }

    /// <summary>
    /// A drag from the toolbox across the canvas used to send the server every dragover event the browser fired, a
    /// dozen a second, and the designer's whole page was rendered again for each.
    /// </summary>
    [SkippableFact]
    public async Task ADragAcrossTheCanvas_CostsTheServerNoMoreForBeingLonger()
    {
        BrowserServer.SkipUnlessBrowser();
        var (page, designer) = await SignInAsync();
        await designer.CreateDefinitionAsync("long-drag", "长距离拖放");

        async Task<int> MessagesOfADragAsync(int moves, float x, float y)
        {
            var tool = (await page.Locator("[data-toolbox-type=\"UserTask\"]").BoundingBoxAsync())!;
            var canvas = (await designer.Canvas.BoundingBoxAsync())!;
            var nodes = await designer.Nodes.CountAsync();
            await page.WaitForTimeoutAsync(1500);
            var before = fixture.Inbound.Count;
            await page.Mouse.MoveAsync(tool.X + tool.Width / 2, tool.Y + tool.Height / 2);
            await page.Mouse.DownAsync();
            await page.Mouse.MoveAsync(canvas.X + 50, canvas.Y + 50, new() { Steps = 2 });
            await page.Mouse.MoveAsync(canvas.X + x, canvas.Y + y, new() { Steps = moves });
            // Counted up to the drop: what the drop itself sets off (renders, the save by itself) is the same for both.
            await page.WaitForTimeoutAsync(800);
            var sent = fixture.Inbound.Count - before;
            await page.Mouse.UpAsync();
            await Assertions.Expect(designer.Nodes).ToHaveCountAsync(nodes + 1);
            return sent;
        }

        var shortDrag = await MessagesOfADragAsync(3, 300, 200);
        var longDrag = await MessagesOfADragAsync(60, 600, 400);
        // Sixty moves against three: before, each move was a message and a render's acknowledgement.
        Assert.True(longDrag - shortDrag <= 6, $"a drag of 60 moves sent {longDrag} messages before its drop, one of 3 moves {shortDrag}");
    }

    private async Task<(IPage Page, DesignerPageObject Designer)> SignInAsync()
    {
        var page = await fixture.Server.SignInAsync();
        return (page, new DesignerPageObject(page));
    }
}
