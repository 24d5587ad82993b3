namespace Workflows.Scheduling.Tests;

/// <summary>Small definitions in the shipped JSON shape, each under an id the test chooses.</summary>
public static class Flows
{
    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    /// <summary>Start → a task for health-clerk (吴办事员, supervised by health-head) with <paramref name="deadline"/> inputs → End.</summary>
    public static string Deadline(string definitionId, string title, string deadline) => $$"""
        {
          "definitionId": "{{definitionId}}", "name": "健康审查 {{definitionId}}",
          "root": {
            "type": "Flowchart",
            "activities": [
              { "id": "start", "type": "Start" },
              { "id": "review", "type": "UserTask", "name": "专家评审", "inputs": {
                  "title": { "type": "Literal", "value": "{{title}}" },
                  "assignTo": { "type": "Literal", "value": { "users": ["health-clerk"] } },
                  "outcomes": { "type": "Literal", "value": [ { "name": "approve" } ] },
                  {{deadline}} } },
              { "id": "done", "type": "End", "inputs": { "result": { "type": "Literal", "value": "approved" } } }
            ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "review", "port": "In" } },
              { "source": { "activity": "review", "port": "approve" }, "target": { "activity": "done", "port": "In" } }
            ]
          }
        }
        """;

    /// <summary>Start → Delay <paramref name="duration"/> → an e-mail to <paramref name="to"/> with <paramref name="subject"/> → End.</summary>
    public static string DelayThenMail(string definitionId, string duration, string to, string subject) => $$"""
        {
          "definitionId": "{{definitionId}}", "name": "等待后发信",
          "root": {
            "type": "Flowchart",
            "activities": [
              { "id": "start", "type": "Start" },
              { "id": "wait", "type": "Delay", "inputs": { "duration": { "type": "Literal", "value": "{{duration}}" } } },
              { "id": "mail", "type": "SendEmail", "inputs": {
                  "to": { "type": "Literal", "value": "{{to}}" },
                  "subject": { "type": "Literal", "value": "{{subject}}" },
                  "body": { "type": "Literal", "value": "等待结束" } } },
              { "id": "done", "type": "End" }
            ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "wait", "port": "In" } },
              { "source": { "activity": "wait", "port": "Done" }, "target": { "activity": "mail", "port": "In" } },
              { "source": { "activity": "mail", "port": "Done" }, "target": { "activity": "done", "port": "In" } }
            ]
          }
        }
        """;
}
