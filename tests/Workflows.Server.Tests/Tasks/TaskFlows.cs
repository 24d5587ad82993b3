namespace Workflows.Server.Tests.Tasks;

/// <summary>Definitions for the inbox tests: one UserTask with the assignment, mode and extras a test asks for.</summary>
public static class TaskFlows
{
    public static string OneTask(string definitionId, string assignTo, string mode = "single", string extraInputs = "", string due = "5") => $$"""
        {
          "definitionId": "{{definitionId}}", "name": "审查 {{definitionId}}",
          "root": {
            "type": "Flowchart",
            "activities": [
              { "id": "start", "type": "Start" },
              { "id": "review", "type": "UserTask", "inputs": {
                  "title": { "type": "Literal", "value": "专家审查" },
                  "assignTo": { "type": "Literal", "value": {{assignTo}} },
                  "mode": { "type": "Literal", "value": "{{mode}}" },
                  "due": { "type": "Literal", "value": {{due}} },
                  "outcomes": { "type": "Literal", "value": [ { "name": "approve", "label": "同意" }, { "name": "return", "label": "退回", "requiresComment": true } ] },
                  "form": { "type": "Literal", "value": { "fields": [ { "name": "opinion", "label": "审查意见", "type": "textarea", "required": true } ] } }
                  {{extraInputs}} } },
              { "id": "approved", "type": "End", "inputs": { "result": { "type": "Literal", "value": "approved" } } },
              { "id": "returned", "type": "End", "inputs": { "result": { "type": "Literal", "value": "returned" } } }
            ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "review", "port": "In" } },
              { "source": { "activity": "review", "port": "approve" }, "target": { "activity": "approved", "port": "In" } },
              { "source": { "activity": "review", "port": "return" }, "target": { "activity": "returned", "port": "In" } }
            ]
          }
        }
        """;
}
