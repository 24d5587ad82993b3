using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Workflows.EndToEnd.Tests;

/// <summary>
/// The designer's 试运行 panel and its 迁移 strip in a real browser: a designer fills the start form, picks outcomes
/// step by step and lets deadlines run, watching the path light up and the timeline grow; an administrator previews
/// the move of running matters to the new version, fixes the step map and moves them.
/// </summary>
public sealed class TrialRunTests(BrowserServer server) : IClassFixture<BrowserServer>
{
    private const string AdminPassword = "Admin@12345";
    private const string Visited = "rgb(232, 245, 233)";
    private const string Current = "rgb(227, 242, 253)";

    /// <summary>check (drafter, 1 working day: 受理 or 退回) → approve (expert1, 3 working days: 办结) → done; the check step is called <paramref name="checkId"/>.</summary>
    private static string Definition(string id, string checkId = "check") => $$"""
        {
          "definitionId": "{{id}}", "name": "试运行测试",
          "inputs": [ { "name": "reason", "label": "事由", "type": "text", "required": true } ],
          "root": { "type": "Flowchart",
            "activities": [
              { "id": "start", "type": "Start" },
              { "id": "{{checkId}}", "type": "UserTask", "name": "审核", "inputs": {
                  "title": { "type": "Liquid", "value": "审核：{{"{{ input.reason }}"}}" },
                  "assignTo": { "type": "Literal", "value": { "users": ["drafter"] } },
                  "outcomes": { "type": "Literal", "value": [ { "name": "accept", "label": "受理" }, { "name": "return", "label": "退回" } ] },
                  "due": { "type": "Literal", "value": { "workingDays": 1 } } } },
              { "id": "approve", "type": "UserTask", "name": "批准", "inputs": {
                  "title": { "type": "Literal", "value": "批准" },
                  "assignTo": { "type": "Literal", "value": { "users": ["expert1"] } },
                  "outcomes": { "type": "Literal", "value": [ { "name": "done", "label": "办结" } ] },
                  "due": { "type": "Literal", "value": { "workingDays": 3 } } } },
              { "id": "done", "type": "End", "inputs": { "result": { "type": "Literal", "value": "done" } } },
              { "id": "returned", "type": "End", "inputs": { "result": { "type": "Literal", "value": "returned" } } }
            ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "{{checkId}}", "port": "In" } },
              { "source": { "activity": "{{checkId}}", "port": "accept" }, "target": { "activity": "approve", "port": "In" } },
              { "source": { "activity": "{{checkId}}", "port": "return" }, "target": { "activity": "returned", "port": "In" } },
              { "source": { "activity": "approve", "port": "done" }, "target": { "activity": "done", "port": "In" } }
            ] }
        }
        """;

    private static async Task PublishAsync(HttpClient designer, string json, bool create)
    {
        var id = (string)JsonNode.Parse(json)!["definitionId"]!;
        var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        var saved = create ? await designer.PostAsync("/api/workflow-definitions", content) : await designer.PutAsync($"/api/workflow-definitions/{id}", content);
        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
        var published = await designer.PostAsync($"/api/workflow-definitions/{id}/publish", null);
        Assert.True(published.IsSuccessStatusCode, await published.Content.ReadAsStringAsync());
    }

    private static ILocator Lit(IPage page, string activityId) => page.Locator($".instance-diagram .activity-node[data-activity-id=\"{activityId}\"]").First;

    [SkippableFact]
    public async Task ADesigner_TriesAProcedure_StepByStep_AndWithDeadlinesRunning_AndNothingIsStored()
    {
        BrowserServer.SkipUnlessBrowser();
        var id = $"e2e-trial-{Guid.NewGuid():N}"[..18];
        var designerApi = await server.ApiAsync("designer");
        await PublishAsync(designerApi, Definition(id), create: true);
        var page = await server.SignInAsync();
        await page.GotoAsync($"/designer/{id}");
        await new DesignerPageObject(page).WaitForCanvasAsync(5);

        await page.ClickAsync("[data-testid=trial-open]");
        var panel = page.Locator("[data-testid=trial-panel]");
        // The start form as a clerk fills it; the task's title is made from it.
        await panel.Locator("[data-testid=trial-start-form] input[data-testid=field-reason], [data-testid=trial-start-form] [data-testid=field-reason] input").First.FillAsync("探亲");
        // Friday before the 2024 National Day holiday: one working day later is the make-up Sunday, 29 September.
        await panel.Locator("input[data-testid=trial-start], [data-testid=trial-start] input").First.FillAsync("2024-09-27 09:00");
        await panel.Locator("[data-testid=trial-run]").ClickAsync();

        await Assertions.Expect(panel.Locator("[data-testid=trial-status]")).ToHaveAttributeAsync("data-status", "Running");
        var waitingCheck = panel.Locator("[data-testid=trial-waiting][data-activity-id=check]");
        await Assertions.Expect(waitingCheck).ToBeVisibleAsync();
        await Assertions.Expect(Lit(page, "check")).ToHaveCSSAsync("background-color", Current);
        var checkEntry = panel.Locator("[data-testid=trial-entry][data-event=ActivitySuspended]").Filter(new() { HasText = "审核" });
        await Assertions.Expect(checkEntry).ToContainTextAsync("drafter");
        await Assertions.Expect(checkEntry).ToContainTextAsync("2024-09-29");
        await Assertions.Expect(checkEntry.Locator("[data-testid=trial-email]").First).ToContainTextAsync("审核：探亲");

        // 受理 one working day later: the approval is due three working days after the make-up Sunday, across the holiday.
        await waitingCheck.Locator("[data-testid=trial-outcome][data-outcome=accept]").ClickAsync();
        var waitingApprove = panel.Locator("[data-testid=trial-waiting][data-activity-id=approve]");
        await Assertions.Expect(waitingApprove).ToBeVisibleAsync();
        await Assertions.Expect(panel.Locator("[data-testid=trial-step]")).ToHaveCountAsync(1);
        await Assertions.Expect(panel.Locator("[data-testid=trial-step]")).ToContainTextAsync("审核 → 受理");
        await Assertions.Expect(Lit(page, "check")).ToHaveCSSAsync("background-color", Visited);
        await Assertions.Expect(Lit(page, "approve")).ToHaveCSSAsync("background-color", Current);
        await Assertions.Expect(panel.Locator("[data-testid=trial-entry][data-event=ActivitySuspended]").Filter(new() { HasText = "批准" }))
            .ToContainTextAsync("2024-10-09");

        await waitingApprove.Locator("[data-testid=trial-outcome][data-outcome=done]").ClickAsync();
        await Assertions.Expect(panel.Locator("[data-testid=trial-status]")).ToHaveAttributeAsync("data-status", "Completed");
        await Assertions.Expect(panel.Locator("[data-testid=trial-waiting]")).ToHaveCountAsync(0);
        await Assertions.Expect(Lit(page, "done")).ToHaveCSSAsync("background-color", Visited);
        await Assertions.Expect(Lit(page, "returned")).Not.ToHaveCSSAsync("background-color", Visited);
        await BrowserServer.ScreenshotAsync(page, "trial-run-completed");

        // From the start again, nobody acting: the check's deadline passes and it is escalated on the simulated clock.
        await panel.Locator("input[data-testid=trial-until-idle], [data-testid=trial-until-idle] input").First.CheckAsync();
        await panel.Locator("[data-testid=trial-reset]").ClickAsync();
        await Assertions.Expect(panel.Locator("[data-testid=trial-step]")).ToHaveCountAsync(0);
        await Assertions.Expect(panel.Locator("[data-testid=trial-entry][data-event=TaskEscalated]").First).ToBeVisibleAsync();
        await Assertions.Expect(panel.Locator("[data-testid=trial-email]").First).ToBeVisibleAsync();
        await Assertions.Expect(waitingCheck).ToBeVisibleAsync();
        await BrowserServer.ScreenshotAsync(page, "trial-run-deadlines");

        var admin = await server.ApiAsync("admin", AdminPassword);
        var matters = await admin.GetFromJsonAsync<JsonObject>($"/api/workflow-instances?definitionId={id}");
        Assert.Equal(0, (int)matters!["total"]!);
    }

    [SkippableFact]
    public async Task AnAdministrator_PreviewsTheMoveOfRunningMatters_FixesTheMap_AndMovesThem()
    {
        BrowserServer.SkipUnlessBrowser();
        var id = $"e2e-move-{Guid.NewGuid():N}"[..17];
        var designerApi = await server.ApiAsync("designer");
        await PublishAsync(designerApi, Definition(id), create: true);
        var drafter = await server.ApiAsync("drafter");
        var instances = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var started = await drafter.PostAsJsonAsync("/api/workflow-instances", new { definitionId = id, input = new { reason = $"事项{i}" } });
            Assert.Equal(HttpStatusCode.Created, started.StatusCode);
            instances.Add((string)(await started.Content.ReadFromJsonAsync<JsonObject>())!["id"]!);
        }
        // Version 2 renames the check step.
        await PublishAsync(designerApi, Definition(id, checkId: "review"), create: false);

        var admin = await server.ApiAsync("admin", AdminPassword);
        var page = await server.SignInAsync("admin", AdminPassword);
        await page.GotoAsync($"/designer/{id}");
        await new DesignerPageObject(page).WaitForCanvasAsync(5);
        var strip = page.Locator("[data-testid=running-matters]");
        await Assertions.Expect(strip).ToContainTextAsync("v1 × 2");

        // Without a map the dry run refuses both and offers nothing to confirm.
        await strip.Locator("[data-testid=migrate-preview][data-version=\"1\"]").ClickAsync();
        await Assertions.Expect(strip.Locator("[data-testid=migrate-item][data-refused=true]")).ToHaveCountAsync(2);
        await Assertions.Expect(strip.Locator("[data-testid=migrate-confirm]")).ToHaveCountAsync(0);
        await Assertions.Expect(strip.Locator("[data-testid=migrate-item]").First).ToContainTextAsync("check");

        var map = strip.Locator("input[data-testid=migrate-map], [data-testid=migrate-map] input").First;
        await map.FillAsync("""{ "check": "review" }""");
        await map.PressAsync("Tab");
        await strip.Locator("[data-testid=migrate-preview][data-version=\"1\"]").ClickAsync();
        await Assertions.Expect(strip.Locator("[data-testid=migrate-item][data-refused=false]")).ToHaveCountAsync(2);
        await Assertions.Expect(strip.Locator("[data-testid=migrate-item]").First).ToContainTextAsync("check → review");
        await BrowserServer.ScreenshotAsync(page, "migrate-preview");
        foreach (var instanceId in instances)
        {
            var unchanged = await admin.GetFromJsonAsync<JsonObject>($"/api/workflow-instances/{instanceId}");
            Assert.Equal(1, (int)unchanged!["definitionVersion"]!);
        }

        await strip.Locator("[data-testid=migrate-confirm]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=running-matters]")).ToHaveCountAsync(0);

        foreach (var instanceId in instances)
        {
            var moved = await admin.GetFromJsonAsync<JsonObject>($"/api/workflow-instances/{instanceId}");
            Assert.Equal((2, "review"), ((int)moved!["definitionVersion"]!, (string)moved["activeActivityIds"]![0]!));
            var audit = await admin.GetFromJsonAsync<JsonObject>($"/api/audit?user={instanceId}&action=instance.migrate");
            Assert.Equal("admin", (string)Assert.Single(audit!["items"]!.AsArray())!["actor"]!);
        }
    }

    [SkippableFact]
    public async Task AnAdministrator_ReassignsATaskOnTheInstancePage_AndTheHistoryShowsTheReason()
    {
        BrowserServer.SkipUnlessBrowser();
        var id = $"e2e-adjust-{Guid.NewGuid():N}"[..19];
        await PublishAsync(await server.ApiAsync("designer"), Definition(id), create: true);
        var drafter = await server.ApiAsync("drafter");
        var started = await drafter.PostAsJsonAsync("/api/workflow-instances", new { definitionId = id, input = new { reason = "改派测试" } });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var instanceId = (string)(await started.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        var admin = await server.ApiAsync("admin", AdminPassword);

        var page = await server.SignInAsync("admin", AdminPassword);
        await page.GotoAsync($"/instances/{instanceId}");
        var panel = page.Locator("[data-testid=adjust-panel]");
        await Assertions.Expect(panel).ToBeVisibleAsync();
        await panel.Locator("[data-testid=adjust-task]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = "审核" }).First.ClickAsync();
        await panel.Locator("input[data-testid=adjust-user], [data-testid=adjust-user] input").First.FillAsync("expert2");
        await panel.Locator("input[data-testid=adjust-reason], [data-testid=adjust-reason] input").First.FillAsync("褚经办休假");
        await panel.Locator("input[data-testid=adjust-reason], [data-testid=adjust-reason] input").First.PressAsync("Tab");
        await panel.Locator("[data-testid=adjust-apply]").ClickAsync();

        var entry = page.Locator("[data-testid=history-entry]", new() { HasTextString = "改派" });
        await Assertions.Expect(entry).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=history-opinion]", new() { HasTextString = "褚经办休假" })).ToBeVisibleAsync();
        await BrowserServer.ScreenshotAsync(page, "instance-adjusted");
        var tasks = await admin.GetFromJsonAsync<JsonObject>($"/api/tasks?scope=all&instanceId={instanceId}");
        Assert.Equal(["expert2"], tasks!["items"]![0]!["assignees"]!.AsArray().Select(a => (string)a!));
        var audit = await admin.GetFromJsonAsync<JsonObject>($"/api/audit?user={instanceId}&action=instance.adjust.reassign");
        var record = Assert.Single(audit!["items"]!.AsArray())!;
        Assert.Equal("admin", (string)record["actor"]!);
        Assert.Equal("褚经办休假", (string)JsonNode.Parse((string)record["details"]!)!["reason"]!);
    }
}
