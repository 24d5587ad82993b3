using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Workflows.Procedures.Tests;

/// <summary>
/// A small procedure in the shipped JSON shape that issues a document the office's way: GenerateDocument makes a
/// draft → 核稿 (office-head edits it) → 签发 (leader chooses the 公开属性) → SignOffDocument numbers it.
/// </summary>
public static class SignOffFlow
{
    public const string Check = "核稿";
    public const string Sign = "签发";

    /// <summary>Deploys and publishes the procedure under a fresh id, issuing from <paramref name="templateKey"/>; returns the id.</summary>
    public static async Task<string> DeployAsync(ProcedureServer server, string templateKey, string data) =>
        await PublishAsync(server, "signoff", $$"""
            "activities": [
              { "id": "start", "type": "Start" },
              { "id": "draft", "type": "GenerateDocument", "inputs": {
                  "template": { "type": "Literal", "value": "{{templateKey}}" },
                  "fileName": { "type": "Literal", "value": "复函" },
                  "draft": { "type": "Literal", "value": true },
                  "data": { "type": "JavaScript", "value": "({{data}})" } } },
              { "id": "check", "type": "UserTask", "inputs": {
                  "title": { "type": "Literal", "value": "{{Check}}" },
                  "assignTo": { "type": "Literal", "value": { "users": ["office-head"] } },
                  "outcomes": { "type": "Literal", "value": [ { "name": "submit" } ] } } },
              { "id": "sign", "type": "UserTask", "inputs": {
                  "title": { "type": "Literal", "value": "{{Sign}}" },
                  "assignTo": { "type": "Literal", "value": { "users": ["leader"] } },
                  "form": { "type": "Literal", "value": { "fields": [
                      { "name": "publicity", "label": "公开属性", "type": "select", "options": ["主动公开", "依申请公开", "不予公开"] } ] } },
                  "outcomes": { "type": "Literal", "value": [ { "name": "sign" } ] } } },
              { "id": "signOff", "type": "SignOffDocument", "inputs": {
                  "document": { "type": "Literal", "value": "draft" },
                  "publicity": { "type": "JavaScript", "value": "lastTask.data.publicity || ''" } } },
              { "id": "done", "type": "End", "inputs": { "result": { "type": "Literal", "value": "issued" } } }
            ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "draft", "port": "In" } },
              { "source": { "activity": "draft", "port": "Done" }, "target": { "activity": "check", "port": "In" } },
              { "source": { "activity": "check", "port": "submit" }, "target": { "activity": "sign", "port": "In" } },
              { "source": { "activity": "sign", "port": "sign" }, "target": { "activity": "signOff", "port": "In" } },
              { "source": { "activity": "signOff", "port": "Done" }, "target": { "activity": "done", "port": "In" } }
            ]
            """);

    /// <summary>Start → GenerateDocument issued at once (no draft) → End: for checking what a template renders.</summary>
    public static async Task<string> DeployDirectAsync(ProcedureServer server, string templateKey, string data) =>
        await PublishAsync(server, "direct", $$"""
            "activities": [
              { "id": "start", "type": "Start" },
              { "id": "issue", "type": "GenerateDocument", "inputs": {
                  "template": { "type": "Literal", "value": "{{templateKey}}" },
                  "fileName": { "type": "Literal", "value": "文书" },
                  "data": { "type": "JavaScript", "value": "({{data}})" } } },
              { "id": "done", "type": "End", "inputs": { "result": { "type": "Literal", "value": "issued" } } }
            ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "issue", "port": "In" } },
              { "source": { "activity": "issue", "port": "Done" }, "target": { "activity": "done", "port": "In" } }
            ]
            """);

    private static async Task<string> PublishAsync(ProcedureServer server, string prefix, string flowchart)
    {
        var id = $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];
        var json = $$"""
            {
              "definitionId": "{{id}}", "name": "发文测试",
              "root": {
                "type": "Flowchart",
                {{flowchart}}
              }
            }
            """;
        var admin = await server.As("admin");
        var created = await admin.PostAsync("/api/workflow-definitions", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var published = await admin.PostAsync($"/api/workflow-definitions/{id}/publish", null);
        Assert.True(published.StatusCode == HttpStatusCode.OK, await published.Content.ReadAsStringAsync());
        return id;
    }

    /// <summary>A copy of a shipped template under a fresh key and issuing code, so a test has a series of its own.</summary>
    public static async Task<(string Key, string Prefix)> OwnTemplateAsync(ProcedureServer server, string shippedKey)
    {
        var admin = await server.As("admin");
        var template = (await admin.GetFromJsonAsync<JsonObject>($"/api/document-templates/{shippedKey}"))!;
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var (key, prefix) = ($"{shippedKey}-{suffix}", $"测{suffix}函");
        template["numberPrefix"] = prefix;
        var saved = await admin.PutAsJsonAsync($"/api/document-templates/{key}", template);
        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
        return (key, prefix);
    }

    public static Task<Matter> StartAsync(ProcedureServer server, string definitionId) =>
        Matter.StartAsync(server, "office-head", definitionId, []);
}
