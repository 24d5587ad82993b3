using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Workflows.EndToEnd.Tests;

public sealed class CanvasEditingTests(BrowserServer server) : IClassFixture<BrowserServer>
{
    private async Task CreateAsync(string json)
    {
        var api = await server.ApiAsync("designer");
        var created = await api.PostAsync("/api/workflow-definitions", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    /// <summary>A chain Start → n tasks → End, padded with long descriptions so its JSON is large.</summary>
    private static string Chain(string id, int tasks)
    {
        var activities = new JsonArray(new JsonObject { ["id"] = "start", ["type"] = "Start" });
        var connections = new JsonArray();
        var previous = ("start", "Done");
        for (var i = 1; i <= tasks; i++)
        {
            activities.Add(new JsonObject
            {
                ["id"] = $"t{i}",
                ["type"] = "UserTask",
                ["name"] = $"第{i}步",
                ["inputs"] = new JsonObject
                {
                    ["title"] = new JsonObject { ["type"] = "Literal", ["value"] = new string('审', 200) },
                    ["assignTo"] = new JsonObject { ["type"] = "Literal", ["value"] = new JsonObject { ["roles"] = new JsonArray("gov-office") } },
                    ["outcomes"] = new JsonObject { ["type"] = "Literal", ["value"] = new JsonArray(new JsonObject { ["name"] = "ok" }) },
                },
                ["metadata"] = new JsonObject { ["designer"] = new JsonObject { ["position"] = new JsonObject { ["x"] = i % 5 * 240, ["y"] = i / 5 * 160 } } },
            });
            connections.Add(Connection(previous.Item1, previous.Item2, $"t{i}"));
            previous = ($"t{i}", "ok");
        }
        activities.Add(new JsonObject { ["id"] = "end", ["type"] = "End" });
        connections.Add(Connection(previous.Item1, previous.Item2, "end"));
        return new JsonObject
        {
            ["definitionId"] = id,
            ["name"] = "长流程",
            ["root"] = new JsonObject { ["type"] = "Flowchart", ["activities"] = activities, ["connections"] = connections },
        }.ToJsonString();
    }

    private static JsonObject Connection(string from, string port, string to) => new()
    {
        ["source"] = new JsonObject { ["activity"] = from, ["port"] = port },
        ["target"] = new JsonObject { ["activity"] = to, ["port"] = "In" },
    };

    [SkippableFact]
    public async Task TheJsonView_AppliesALargeEdit_ThroughTheCircuit_AndUndoRedoWalkIt()
    {
        BrowserServer.SkipUnlessBrowser();
        var json = Chain("e2e-json", 60);
        Assert.True(json.Length > 64 * 1024, $"the definition should exceed the 32 KB default message size, is {json.Length}");
        await CreateAsync(json);
        var page = await server.SignInAsync();
        var designer = new DesignerPageObject(page);
        await page.GotoAsync("/designer/e2e-json");
        await designer.WaitForCanvasAsync(62);

        await page.ClickAsync("[data-testid=json-open]");
        var text = await page.Locator("[data-testid=json-text]").InputValueAsync();
        // Set at once and sent as one change event: a single browser→server message far over 32 KB.
        await page.Locator("[data-testid=json-text]").EvaluateAsync(
            "(element, value) => { element.value = value; element.dispatchEvent(new Event('change', { bubbles: true })); }",
            text.Replace("\"长流程\"", "\"长流程（改）\""));
        await page.ClickAsync("[data-testid=json-apply]");

        await Assertions.Expect(page.Locator("[data-testid=definition-name]")).ToHaveTextAsync("长流程（改）");
        await designer.WaitForCanvasAsync(62);
        await page.ClickAsync("[data-testid=undo]");
        await Assertions.Expect(page.Locator("[data-testid=definition-name]")).ToHaveTextAsync("长流程");
        await page.ClickAsync("[data-testid=redo]");
        await Assertions.Expect(page.Locator("[data-testid=definition-name]")).ToHaveTextAsync("长流程（改）");
    }

    [SkippableFact]
    public async Task ABoxDrawnWithShift_SelectsTheNodesItTouches_WhichMoveAndDeleteTogether_EachAsOneUndoStep()
    {
        BrowserServer.SkipUnlessBrowser();
        // t1..t4 side by side on one row, 40 px apart.
        await CreateAsync(Chain("e2e-box", 4));
        var page = await server.SignInAsync();
        var designer = new DesignerPageObject(page);
        await page.GotoAsync("/designer/e2e-box");
        await designer.WaitForCanvasAsync(6);
        var t1 = (await designer.Node("t1").BoundingBoxAsync())!;
        var t2 = (await designer.Node("t2").BoundingBoxAsync())!;
        var t3 = (await designer.Node("t3").BoundingBoxAsync())!;

        // From the empty canvas below t3 up and left into the gap between t1 and t2.
        await page.Keyboard.DownAsync("Shift");
        await page.Mouse.MoveAsync(t3.X + t3.Width + 15, t3.Y + t3.Height + 40);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(t2.X - 15, t2.Y + 10, new() { Steps = 8 });
        await page.Mouse.UpAsync();
        await page.Keyboard.UpAsync("Shift");

        var selected = page.Locator(".activity-node.selected");
        await Assertions.Expect(selected).ToHaveCountAsync(2);
        Assert.Equal(["t2", "t3"], (await selected.EvaluateAllAsync<string[]>("nodes => nodes.map(n => n.dataset.activityId)")).Order());

        // Dragging one moves both, by the same amount.
        var head = (await designer.Node("t3").Locator(".node-head").BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(head.X + 20, head.Y + head.Height / 2);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(head.X + 20, head.Y + head.Height / 2 + 100, new() { Steps = 10 });
        await page.Mouse.UpAsync();
        await Assertions.Expect(page.Locator("[data-testid=unsaved]")).ToBeVisibleAsync();
        // The page showed the move before the server did; once the server has caught up only its position is left.
        await Assertions.Expect(designer.Node("t2")).ToHaveCSSAsync("transform", "none");
        await Assertions.Expect(designer.Node("t3")).ToHaveCSSAsync("transform", "none");
        var moved2 = (await designer.Node("t2").BoundingBoxAsync())!;
        var moved3 = (await designer.Node("t3").BoundingBoxAsync())!;
        Assert.Equal(100, moved2.Y - t2.Y, 1);
        Assert.Equal(100, moved3.Y - t3.Y, 1);
        Assert.Equal(t1.Y, (await designer.Node("t1").BoundingBoxAsync())!.Y, 1);

        // Delete takes both (and their connections).
        await page.Keyboard.PressAsync("Delete");
        await designer.WaitForCanvasAsync(4);
        await Assertions.Expect(page.Locator("[data-activity-id=t2]")).ToHaveCountAsync(0);

        // One undo brings both back where they were moved to; a second puts both back in place.
        await page.ClickAsync("[data-testid=undo]");
        await designer.WaitForCanvasAsync(6);
        Assert.Equal(moved2.Y, await TopAsync(designer, "t2", moved2.Y), 1);
        Assert.Equal(moved3.Y, await TopAsync(designer, "t3", moved3.Y), 1);
        await page.ClickAsync("[data-testid=undo]");
        Assert.Equal(t2.Y, await TopAsync(designer, "t2", t2.Y), 1);
        Assert.Equal(t3.Y, await TopAsync(designer, "t3", t3.Y), 1);
    }

    [SkippableFact]
    public async Task ADraggedNodesLinks_FollowItInTheBrowserBeforeTheServerAnswers_AndTheServerDrawsThemTheSameOnRelease()
    {
        BrowserServer.SkipUnlessBrowser();
        await CreateAsync(Chain("e2e-drag-links", 3));
        var page = await server.SignInAsync();
        var designer = new DesignerPageObject(page);
        await page.GotoAsync("/designer/e2e-drag-links");
        await designer.WaitForCanvasAsync(5);

        // Press on t2 and move 100 px down in one script: whatever the links show when it returns was drawn by the
        // page, because the circuit's answer cannot arrive before the script ends.
        var during = System.Text.Json.JsonSerializer.Deserialize<DragPreview>(await page.EvaluateAsync<string>("""
            () => {
                const head = document.querySelector('[data-activity-id="t2"] .node-head');
                const box = head.getBoundingClientRect();
                const x = box.left + 20, y = box.top + box.height / 2;
                const links = () => Object.fromEntries([...document.querySelectorAll('.diagram-canvas [data-link-id]')]
                    .map(g => [g.dataset.linkId, g.querySelector(':scope > path').getAttribute('d')]));
                const before = links();
                const pointer = { bubbles: true, cancelable: true, pointerId: 1, isPrimary: true, pointerType: 'mouse', button: 0, buttons: 1 };
                head.dispatchEvent(new PointerEvent('pointerdown', { ...pointer, clientX: x, clientY: y }));
                head.dispatchEvent(new PointerEvent('pointermove', { ...pointer, clientX: x, clientY: y + 100 }));
                const after = links();
                const shift = /translate\(([-\d.]+)px, ([-\d.]+)px\)/.exec(head.closest('.activity-node').style.transform);
                window.__dragged = { x, y: y + 100, ids: Object.keys(before) };
                return JSON.stringify({ shift: Number(shift?.[2] ?? 0), links: Object.keys(before).map(id => ({ id, before: before[id], after: after[id] })) });
            }
            """), System.Text.Json.JsonSerializerOptions.Web)!;
        var shift = during.Shift;
        Assert.True(shift > 0, "the page should show t2 moved down");
        var moved = during.Links.Where(l => l.Before != l.After).ToList();
        // t1 → t2 ends lower, t2 → t3 starts lower; start → t1 and t3 → end are untouched.
        Assert.Equal(2, moved.Count);
        Assert.Contains(moved, l => Near(End(l.After).Y - End(l.Before).Y, shift) && Near(Start(l.After).Y, Start(l.Before).Y));
        Assert.Contains(moved, l => Near(Start(l.After).Y - Start(l.Before).Y, shift) && Near(End(l.After).Y, End(l.Before).Y));

        await page.EvaluateAsync("""
            () => document.querySelector('[data-activity-id="t2"] .node-head').dispatchEvent(new PointerEvent('pointerup',
                { bubbles: true, cancelable: true, pointerId: 1, isPrimary: true, pointerType: 'mouse', button: 0, buttons: 0, clientX: window.__dragged.x, clientY: window.__dragged.y }))
            """);
        await Assertions.Expect(page.Locator("[data-testid=unsaved]")).ToBeVisibleAsync();
        await Assertions.Expect(designer.Node("t2")).ToHaveCSSAsync("transform", "none");
        // A second after the release the page has handed the links back to the server's drawing: the same curves.
        await page.WaitForTimeoutAsync(1500);
        foreach (var link in moved)
        {
            var drawn = await page.Locator($"[data-link-id=\"{link.Id}\"] > path").First.GetAttributeAsync("d");
            var expected = Numbers(link.After);
            var actual = Numbers(drawn!);
            Assert.Equal(expected.Length, actual.Length);
            Assert.All(expected.Zip(actual), pair => Assert.True(Near(pair.First, pair.Second), $"the server drew {drawn}, the page {link.After}"));
        }
    }

    private sealed record DragPreview(double Shift, List<LinkPaths> Links);

    private sealed record LinkPaths(string Id, string Before, string After);

    private static bool Near(double a, double b) => Math.Abs(a - b) < 0.01;

    private static double[] Numbers(string path) =>
        [.. System.Text.RegularExpressions.Regex.Matches(path, @"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?").Select(m => double.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture))];

    private static (double X, double Y) Start(string path) => Numbers(path) is var n ? (n[0], n[1]) : default;

    private static (double X, double Y) End(string path) => Numbers(path) is var n ? (n[^2], n[^1]) : default;

    /// <summary>The node's top on the page once it is at <paramref name="expected"/>, or after 5 s whatever it is.</summary>
    private static async Task<double> TopAsync(DesignerPageObject designer, string activityId, double expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            var top = (await designer.Node(activityId).BoundingBoxAsync())?.Y ?? double.NaN;
            if (Math.Abs(top - expected) < 1 || DateTime.UtcNow > deadline)
            {
                return top;
            }
            await Task.Delay(50);
        }
    }

    [SkippableFact]
    public async Task TheDeleteKey_RemovesTheSelectedNode_AndItsConnections_AndTheDraftIsSaved()
    {
        BrowserServer.SkipUnlessBrowser();
        await CreateAsync(Chain("e2e-delete", 3));
        var page = await server.SignInAsync();
        var designer = new DesignerPageObject(page);
        await page.GotoAsync("/designer/e2e-delete");
        await designer.WaitForCanvasAsync(5);

        await designer.SelectAsync("t2");
        await page.Keyboard.PressAsync("Delete");

        await designer.WaitForCanvasAsync(4);
        await Assertions.Expect(page.Locator("[data-testid=problems] [data-problem-activity=t3]").First).ToBeVisibleAsync();
        await page.ClickAsync("[data-testid=save]");
        await Assertions.Expect(page.Locator("[data-testid=unsaved]")).ToHaveCountAsync(0);
        var saved = JsonNode.Parse(await (await server.ApiAsync("designer")).GetStringAsync("/api/workflow-definitions/e2e-delete"))!;
        Assert.DoesNotContain(saved["root"]!["activities"]!.AsArray(), a => a!["id"]!.ToString() == "t2");
        Assert.DoesNotContain(saved["root"]!["connections"]!.AsArray(), c => c!["source"]!["activity"]!.ToString() == "t2");
    }

    [SkippableFact]
    public async Task TwoDesigners_TheOneStillOnAnOlderVersion_IsToldSomeoneSavedSince()
    {
        BrowserServer.SkipUnlessBrowser();
        await CreateAsync(Chain("e2e-conflict", 2));
        var first = await server.SignInAsync();
        var second = await server.SignInAsync("admin", "Admin@12345");
        foreach (var page in new[] { first, second })
        {
            await page.GotoAsync("/designer/e2e-conflict");
            await new DesignerPageObject(page).WaitForCanvasAsync(4);
        }

        // The first publishes version 1 and goes on editing, which makes version 2 the draft.
        await first.ClickAsync("[data-testid=publish]");
        await Assertions.Expect(first.Locator("[data-testid=version-state]")).ToContainTextAsync("已发布");
        // The name field is debounced: wait until the edit reached the server before saving it.
        await first.Locator("[data-testid=workflow-name]").FillAsync("甲的修改");
        await Assertions.Expect(first.Locator("[data-testid=unsaved]")).ToBeVisibleAsync();
        await first.ClickAsync("[data-testid=save]");
        await Assertions.Expect(first.Locator("[data-testid=unsaved]")).ToHaveCountAsync(0);
        await Assertions.Expect(first.Locator("[data-testid=version-state]")).ToContainTextAsync("v2");
        await second.Locator("[data-testid=workflow-name]").FillAsync("乙的修改");
        await Assertions.Expect(second.Locator("[data-testid=unsaved]")).ToBeVisibleAsync();
        await second.ClickAsync("[data-testid=save]");

        await Assertions.Expect(second.Locator("[data-testid=conflict]")).ToBeVisibleAsync();
        var saved = JsonNode.Parse(await (await server.ApiAsync("designer")).GetStringAsync("/api/workflow-definitions/e2e-conflict"))!;
        Assert.Equal("甲的修改", saved["name"]!.ToString());
    }
    [SkippableFact]
    public async Task Retracting_PublishesThePreviousVersionAgain()
    {
        BrowserServer.SkipUnlessBrowser();
        var api = await server.ApiAsync("designer");
        await CreateAsync(Chain("e2e-retract", 1));
        (await api.PostAsync("/api/workflow-definitions/e2e-retract/publish", null)).EnsureSuccessStatusCode();
        var second = JsonNode.Parse(await api.GetStringAsync("/api/workflow-definitions/e2e-retract"))!;
        second["name"] = "第二版";
        (await api.PutAsync("/api/workflow-definitions/e2e-retract", new StringContent(second.ToJsonString(), System.Text.Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        (await api.PostAsync("/api/workflow-definitions/e2e-retract/publish", null)).EnsureSuccessStatusCode();
        var page = await server.SignInAsync();

        await page.ClickAsync("[data-testid=versions-e2e-retract]");
        await page.ClickAsync("[data-testid=retract-2]");

        await Assertions.Expect(page.Locator("[data-testid=retract-3]")).ToBeVisibleAsync();
        var published = JsonNode.Parse(await api.GetStringAsync("/api/workflow-definitions/e2e-retract?version=published"))!;
        Assert.Equal(3, published["version"]!.GetValue<int>());
        Assert.Equal("长流程", published["name"]!.ToString());
    }
    [SkippableFact]
    public async Task TwoDesigners_OnTheSameDraft_TheSecondSaveIsAConflict_NotALostUpdate()
    {
        BrowserServer.SkipUnlessBrowser();
        await CreateAsync(Chain("e2e-same-draft", 2));
        var first = await server.SignInAsync();
        var second = await server.SignInAsync("admin", "Admin@12345");
        foreach (var page in new[] { first, second })
        {
            await page.GotoAsync("/designer/e2e-same-draft");
            await new DesignerPageObject(page).WaitForCanvasAsync(4);
        }

        await first.Locator("[data-testid=workflow-name]").FillAsync("甲的修改");
        await Assertions.Expect(first.Locator("[data-testid=unsaved]")).ToBeVisibleAsync();
        await first.ClickAsync("[data-testid=save]");
        await Assertions.Expect(first.Locator("[data-testid=unsaved]")).ToHaveCountAsync(0);
        await second.Locator("[data-testid=workflow-name]").FillAsync("乙的修改");
        await Assertions.Expect(second.Locator("[data-testid=unsaved]")).ToBeVisibleAsync();
        await second.ClickAsync("[data-testid=save]");

        await Assertions.Expect(second.Locator("[data-testid=conflict]")).ToBeVisibleAsync();
        var saved = JsonNode.Parse(await (await server.ApiAsync("designer")).GetStringAsync("/api/workflow-definitions/e2e-same-draft"))!;
        Assert.Equal("甲的修改", saved["name"]!.ToString());
    }
}
