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

    /// <summary>Start → Delay <paramref name="duration"/> → End.</summary>
    public static string Delay(string definitionId, string duration) => $$"""
        {
          "definitionId": "{{definitionId}}", "name": "等待 {{definitionId}}",
          "root": {
            "type": "Flowchart",
            "activities": [
              { "id": "start", "type": "Start" },
              { "id": "wait", "type": "Delay", "inputs": { "duration": { "type": "Literal", "value": "{{duration}}" } } },
              { "id": "done", "type": "End" }
            ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "wait", "port": "In" } },
              { "source": { "activity": "wait", "port": "Done" }, "target": { "activity": "done", "port": "In" } }
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

    /// <summary>
    /// Start (input title) → 专家审查, offered to role health-expert, 抄送 health-head: approve → 签发 by health-clerk →
    /// End <paramref name="result"/>; return (退回) → 修改 by the starter → 专家审查 again.
    /// </summary>
    public static string Notices(string definitionId, string result) => $$"""
        {
          "definitionId": "{{definitionId}}", "name": "通知 {{definitionId}}",
          "inputs": [ { "name": "title", "label": "标题", "type": "text", "required": true } ],
          "root": {
            "type": "Flowchart",
            "activities": [
              { "id": "start", "type": "Start" },
              { "id": "review", "type": "UserTask", "name": "专家审查", "inputs": {
                  "title": { "type": "Literal", "value": "专家审查" },
                  "assignTo": { "type": "Literal", "value": { "roles": ["health-expert"] } },
                  "due": { "type": "Literal", "value": { "workingDays": 5 } },
                  "cc": { "type": "Literal", "value": { "users": ["health-head"] } },
                  "outcomes": { "type": "Literal", "value": [ { "name": "approve", "label": "同意" },
                                { "name": "return", "label": "退回修改", "requiresComment": true, "returns": true } ] } } },
              { "id": "revise", "type": "UserTask", "name": "修改", "inputs": {
                  "title": { "type": "Literal", "value": "修改" },
                  "assignTo": { "type": "Literal", "value": { "starter": true } },
                  "outcomes": { "type": "Literal", "value": [ { "name": "resubmit" } ] } } },
              { "id": "sign", "type": "UserTask", "name": "签发", "inputs": {
                  "title": { "type": "Literal", "value": "签发" },
                  "assignTo": { "type": "Literal", "value": { "users": ["health-clerk"] } },
                  "outcomes": { "type": "Literal", "value": [ { "name": "signed", "label": "已签发" } ] } } },
              { "id": "done", "type": "End", "inputs": { "result": { "type": "Literal", "value": "{{result}}" } } }
            ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "review", "port": "In" } },
              { "source": { "activity": "review", "port": "approve" }, "target": { "activity": "sign", "port": "In" } },
              { "source": { "activity": "review", "port": "return" }, "target": { "activity": "revise", "port": "In" } },
              { "source": { "activity": "revise", "port": "resubmit" }, "target": { "activity": "review", "port": "In" } },
              { "source": { "activity": "sign", "port": "signed" }, "target": { "activity": "done", "port": "In" } }
            ]
          }
        }
        """;
}
