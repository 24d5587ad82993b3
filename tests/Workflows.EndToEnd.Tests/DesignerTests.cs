using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Workflows.EndToEnd.Tests;

public sealed class DesignerTests(BrowserServer server) : IClassFixture<BrowserServer>
{
    [SkippableFact]
    public async Task AClerk_DrawsAWorkflow_FixesItsProblem_Publishes_AndItRuns()
    {
        BrowserServer.SkipUnlessBrowser();
        var page = await server.SignInAsync();
        var designer = new DesignerPageObject(page);

        // A new definition starts with its Start step.
        await designer.CreateDefinitionAsync("e2e-leave", "请假审批");

        var task = await designer.DropAsync("UserTask", 420, 160);
        await designer.TypeAsync("prop-name", "科长审批");
        // Key by key straight after the name, as a clerk types: the name, committed as focus moves, once landed in the
        // empty title under the first keys ("科长审批请假：探亲", CI on 2026-12-05). An untitled step shows its name instead.
        var title = page.Locator("[data-testid=property-panel] [data-testid=input-title]");
        await title.PressSequentiallyAsync("请假：{{ input.reason }}");
        await Assertions.Expect(title).ToHaveValueAsync("请假：{{ input.reason }}");
        await page.Locator("[data-testid=assignee-assignTo] .mud-switch input").CheckAsync();
        await page.Locator("[data-testid=assignee-assignTo] textarea").FillAsync("'drafter'");
        await designer.TypeAsync("outcome-name-0", "approve");
        await page.ClickAsync("[data-testid=outcome-add]");
        await designer.TypeAsync("outcome-name-1", "reject");
        // One port per outcome, following the editor.
        await Assertions.Expect(designer.Node(task).Locator("[data-port=reject]")).ToBeVisibleAsync();
        await Assertions.Expect(designer.Node(task).Locator("[data-port=approve]")).ToBeVisibleAsync();

        var decision = await designer.DropAsync("Decision", 420, 340);
        await designer.TypeAsync("input-condition", "lastTask.outcome === 'approve'");
        var approved = await designer.DropAsync("End", 240, 520);
        await designer.TypeAsync("input-result", "\"approved\"");
        var rejected = await designer.DropAsync("End", 620, 520);
        await designer.TypeAsync("input-result", "\"rejected\"");

        await designer.ConnectAsync("start", "Done", task);
        await designer.ConnectAsync(task, "approve", decision);
        await designer.ConnectAsync(task, "reject", decision);
        await designer.ConnectAsync(decision, "True", approved);
        await BrowserServer.ScreenshotAsync(page, "designer-before-fix");

        // The second End is not reached yet: publishing is blocked and the problem is listed and shown on the node.
        await page.ClickAsync("[data-testid=publish]");
        var problem = page.Locator($"[data-testid=problems] [data-problem-activity=\"{rejected}\"]").First;
        await Assertions.Expect(problem).ToBeVisibleAsync();
        await Assertions.Expect(designer.Node(rejected)).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("has-errors"));
        await Assertions.Expect(page.Locator("[data-testid=version-state]")).Not.ToContainTextAsync("已发布");
        await problem.ClickAsync();
        await Assertions.Expect(page.Locator($"[data-testid=property-panel][data-activity-id=\"{rejected}\"]")).ToBeVisibleAsync();

        await designer.ConnectAsync(decision, "False", rejected);
        await Assertions.Expect(page.Locator($"[data-testid=problems] [data-problem-activity=\"{rejected}\"]")).ToHaveCountAsync(0);
        await page.ClickAsync("[data-testid=publish]");
        await Assertions.Expect(page.Locator("[data-testid=version-state]")).ToContainTextAsync("已发布");
        await BrowserServer.ScreenshotAsync(page, "designer-published");

        // What the designer's pages changed is in the security audit log, as a change through the API would be.
        var auditor = await server.ApiAsync("admin", "Admin@12345");
        var audited = (await auditor.GetFromJsonAsync<JsonObject>("/api/audit?action=definition.&user=designer"))!["items"]!.AsArray()
            .Where(r => (string?)r!["target"] == "e2e-leave").Select(r => (string)r!["action"]!).ToList();
        Assert.Contains("definition.create", audited);
        Assert.Contains("definition.publish", audited);

        // The start form's field is declared through the API (start inputs a definition does not declare are refused),
        // published as the next version.
        var designerApi = await server.ApiAsync("designer");
        var drawn = (await designerApi.GetFromJsonAsync<JsonObject>("/api/workflow-definitions/e2e-leave?version=latest"))!;
        drawn["inputs"] = new JsonArray(new JsonObject { ["name"] = "reason", ["label"] = "事由", ["type"] = "text" });
        var saved = await designerApi.PutAsJsonAsync("/api/workflow-definitions/e2e-leave", drawn);
        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
        var republished = await designerApi.PostAsync("/api/workflow-definitions/e2e-leave/publish", null);
        Assert.True(republished.IsSuccessStatusCode, await republished.Content.ReadAsStringAsync());

        // Started through the API, it runs as drawn: the task goes to the drafter, approval ends it "approved".
        var drafter = await server.ApiAsync("drafter");
        var start = await drafter.PostAsJsonAsync("/api/workflow-instances", new { definitionId = "e2e-leave", input = new { reason = "探亲" } });
        Assert.Equal(HttpStatusCode.Created, start.StatusCode);
        var instanceId = (await start.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.ToString();
        var tasks = await drafter.GetFromJsonAsync<JsonObject>($"/api/tasks?scope=mine&instanceId={instanceId}");
        var open = Assert.Single(tasks!["items"]!.AsArray())!;
        Assert.Equal("请假：探亲", open["title"]!.GetValue<string>());
        var complete = await drafter.PostAsJsonAsync($"/api/tasks/{open["id"]}/complete", new { outcome = "approve" });
        Assert.True(complete.IsSuccessStatusCode, await complete.Content.ReadAsStringAsync());
        var instance = await drafter.GetFromJsonAsync<JsonObject>($"/api/workflow-instances/{instanceId}");
        Assert.Equal("Completed", instance!["status"]!.ToString());
        Assert.Equal("approved", instance["result"]!.ToString());
    }

    [SkippableFact]
    public async Task EveryShippedProcedure_OpensWithoutErrors()
    {
        BrowserServer.SkipUnlessBrowser();
        var files = Directory.GetFiles(Path.Combine(BrowserServer.RepositoryRoot(), "workflows"), "*.json");
        Assert.NotEmpty(files);
        var page = await server.SignInAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        var designer = new DesignerPageObject(page);
        foreach (var file in files)
        {
            var json = JsonNode.Parse(await File.ReadAllTextAsync(file))!;
            var id = json["definitionId"]!.ToString();
            var activities = json["root"]!["activities"]!.AsArray().Count;

            await page.GotoAsync($"/designer/{id}");
            await designer.WaitForCanvasAsync(activities);
            await BrowserServer.ScreenshotAsync(page, $"procedure-{id}");

            await Assertions.Expect(page.Locator("[data-testid=page-error], [data-testid=load-error]")).ToHaveCountAsync(0);
            Assert.True(errors.Count == 0, $"{Path.GetFileName(file)}: {string.Join(" | ", errors)}");
        }
    }

    [SkippableFact]
    public async Task ADefinitionWithAnUnknownActivityType_StillOpens_ShowingTheNodeAsUnknown()
    {
        BrowserServer.SkipUnlessBrowser();
        var admin = await server.ApiAsync("designer");
        var created = await admin.PostAsync("/api/workflow-definitions", new StringContent("""
            {
              "definitionId": "e2e-unknown", "name": "旧流程",
              "root": { "type": "Flowchart",
                "activities": [
                  { "id": "start", "type": "Start" },
                  { "id": "hook", "type": "Elsa.HttpEndpoint", "inputs": { "path": { "type": "Literal", "value": "/hook" } } }
                ],
                "connections": [ { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "hook", "port": "In" } } ] }
            }
            """, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var page = await server.SignInAsync();
        var designer = new DesignerPageObject(page);

        await page.GotoAsync("/designer/e2e-unknown");
        await designer.WaitForCanvasAsync(2);

        await Assertions.Expect(designer.Node("hook").Locator("[data-testid=unknown-type]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=problems] [data-problem-code=UnknownActivityType]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=page-error]")).ToHaveCountAsync(0);
    }
}
