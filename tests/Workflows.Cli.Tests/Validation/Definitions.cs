namespace Workflows.Cli.Tests.Validation;

/// <summary>Definition files for the CLI tests, as text on disk would be.</summary>
public static class Definitions
{
    /// <summary>Start → review (approve/reject) → done; valid. Placeholders allow small breakages.</summary>
    public static string Leave(string definitionId = "leave", string rejectPort = "reject", string reviewId = "review", string assignTo = """{ "roles": ["manager"] }""") => $$$"""
        {
          "definitionId": "{{{definitionId}}}",
          "name": "请假审批",
          "root": {
            "type": "Flowchart",
            "activities": [
              { "id": "start", "type": "Start" },
              { "id": "{{{reviewId}}}", "type": "UserTask", "name": "审核",
                "inputs": {
                  "title": { "type": "Liquid", "value": "请假：{{ input.reason }}" },
                  "assignTo": { "type": "Literal", "value": {{{assignTo}}} },
                  "outcomes": { "type": "Literal", "value": [ { "name": "approve", "label": "同意" }, { "name": "reject", "label": "退回" } ] }
                } },
              { "id": "done", "type": "End", "inputs": { "result": { "type": "Literal", "value": "done" } } }
            ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "{{{reviewId}}}", "port": "In" } },
              { "source": { "activity": "{{{reviewId}}}", "port": "approve" }, "target": { "activity": "done", "port": "In" } },
              { "source": { "activity": "{{{reviewId}}}", "port": "{{{rejectPort}}}" }, "target": { "activity": "done", "port": "In" } }
            ]
          }
        }
        """;
}
