namespace Workflows.Server.Tests;

/// <summary>Small definitions in the shipped JSON shape, each under the id a test chooses.</summary>
public static class Flows
{
    /// <summary>Start → review by the health office (approve | reject) → End "approved" or "rejected".</summary>
    public static string Approval(string definitionId, string name = "请假审批") => $$"""
        {
          "definitionId": "{{definitionId}}", "name": "{{name}}",
          "root": {
            "type": "Flowchart",
            "activities": [
              { "id": "start", "type": "Start" },
              { "id": "review", "type": "UserTask", "inputs": {
                  "title": { "type": "Literal", "value": "审核" },
                  "assignTo": { "type": "Literal", "value": { "roles": ["health-office"] } },
                  "outcomes": { "type": "Literal", "value": [ { "name": "approve" }, { "name": "reject" } ] } } },
              { "id": "approved", "type": "End", "inputs": { "result": { "type": "Literal", "value": "approved" } } },
              { "id": "rejected", "type": "End", "inputs": { "result": { "type": "Literal", "value": "rejected" } } }
            ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "review", "port": "In" } },
              { "source": { "activity": "review", "port": "approve" }, "target": { "activity": "approved", "port": "In" } },
              { "source": { "activity": "review", "port": "reject" }, "target": { "activity": "rejected", "port": "In" } }
            ]
          }
        }
        """;

    /// <summary>
    /// Start → review by expert1 (approve, with a required opinion) → e-mail 办结通知 to drafter → a document issued in the
    /// background (the fire-hazard closure reply) → End "issued".
    /// </summary>
    public static string ReviewThenIssue(string definitionId) => $$"""
        {
          "definitionId": "{{definitionId}}", "name": "审查后出具复函",
          "root": {
            "type": "Flowchart",
            "activities": [
              { "id": "start", "type": "Start" },
              { "id": "review", "type": "UserTask", "inputs": {
                  "title": { "type": "Literal", "value": "专家审查" },
                  "assignTo": { "type": "Literal", "value": { "users": ["expert1"] } },
                  "outcomes": { "type": "Literal", "value": [ { "name": "approve", "label": "同意" } ] },
                  "form": { "type": "Literal", "value": { "fields": [ { "name": "opinion", "label": "审查意见", "type": "textarea", "required": true } ] } } } },
              { "id": "mail", "type": "SendEmail", "inputs": {
                  "to": { "type": "Literal", "value": { "users": ["drafter"] } },
                  "subject": { "type": "Literal", "value": "办结通知" },
                  "body": { "type": "Literal", "value": "审查已完成。" } } },
              { "id": "issue", "type": "GenerateDocument", "inputs": {
                  "template": { "type": "Literal", "value": "fire-hazard-closure" },
                  "fileName": { "type": "Literal", "value": "复函" },
                  "data": { "type": "JavaScript", "value": "({ unitName: '阳泉示例商场', closureRequestNumber: '' })" } } },
              { "id": "done", "type": "End", "inputs": { "result": { "type": "Literal", "value": "issued" } } }
            ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "review", "port": "In" } },
              { "source": { "activity": "review", "port": "approve" }, "target": { "activity": "mail", "port": "In" } },
              { "source": { "activity": "mail", "port": "Done" }, "target": { "activity": "issue", "port": "In" } },
              { "source": { "activity": "issue", "port": "Done" }, "target": { "activity": "done", "port": "In" } }
            ]
          }
        }
        """;

    /// <summary>Start → a draft reply (the fire-hazard closure template) → review by expert1 → End.</summary>
    public static string DraftThenReview(string definitionId) => $$"""
        {
          "definitionId": "{{definitionId}}", "name": "拟稿后审查",
          "root": {
            "type": "Flowchart",
            "activities": [
              { "id": "start", "type": "Start" },
              { "id": "draft", "type": "GenerateDocument", "inputs": {
                  "template": { "type": "Literal", "value": "fire-hazard-closure" },
                  "fileName": { "type": "Literal", "value": "复函" },
                  "draft": { "type": "Literal", "value": true },
                  "data": { "type": "JavaScript", "value": "({ unitName: '阳泉示例商场', closureRequestNumber: '' })" } } },
              { "id": "review", "type": "UserTask", "inputs": {
                  "title": { "type": "Literal", "value": "专家审查" },
                  "assignTo": { "type": "Literal", "value": { "users": ["expert1"] } },
                  "outcomes": { "type": "Literal", "value": [ { "name": "approve", "label": "同意" } ] } } },
              { "id": "done", "type": "End" }
            ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "draft", "port": "In" } },
              { "source": { "activity": "draft", "port": "Done" }, "target": { "activity": "review", "port": "In" } },
              { "source": { "activity": "review", "port": "approve" }, "target": { "activity": "done", "port": "In" } }
            ]
          }
        }
        """;

    /// <summary>
    /// Start → wait for the signal "go" (its payload into the variable <c>payload</c>) → End "signalled". Its start
    /// inputs are <paramref name="inputs"/> (a JSON array) and only <paramref name="starterRoles"/> may start it.
    /// </summary>
    public static string Signal(string definitionId, string inputs = "[]", params string[] starterRoles) => $$"""
        {
          "definitionId": "{{definitionId}}", "name": "等待信号",
          "options": { "starterRoles": [{{string.Join(", ", starterRoles.Select(r => $"\"{r}\""))}}] },
          "inputs": {{inputs}},
          "root": {
            "type": "Flowchart",
            "activities": [
              { "id": "start", "type": "Start" },
              { "id": "wait", "type": "WaitSignal", "inputs": {
                  "signal": { "type": "Literal", "value": "go" },
                  "variable": { "type": "Literal", "value": "payload" } } },
              { "id": "done", "type": "End", "inputs": { "result": { "type": "Literal", "value": "signalled" } } }
            ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "wait", "port": "In" } },
              { "source": { "activity": "wait", "port": "Done" }, "target": { "activity": "done", "port": "In" } }
            ]
          }
        }
        """;

    /// <summary>Start inputs of every kind the start checks: a required text, a required number, a date and a required file.</summary>
    public const string ApplicationInputs = """
        [
          { "name": "title", "label": "事项名称", "type": "text", "required": true },
          { "name": "amount", "label": "金额", "type": "number", "required": true },
          { "name": "deadline", "label": "办结期限", "type": "date" },
          { "name": "letter", "label": "公函", "type": "file", "required": true }
        ]
        """;

    /// <summary>A single file input, required.</summary>
    public const string LetterInput = """[ { "name": "letter", "label": "公函", "type": "file", "required": true } ]""";

    /// <summary>Start → a SetVariable whose JavaScript throws → End: every run faults at "compute".</summary>
    public static string Faulty(string definitionId) => $$"""
        {
          "definitionId": "{{definitionId}}", "name": "必然出错",
          "root": {
            "type": "Flowchart",
            "activities": [
              { "id": "start", "type": "Start" },
              { "id": "compute", "type": "SetVariable", "inputs": {
                  "variable": { "type": "Literal", "value": "x" },
                  "value": { "type": "JavaScript", "value": "throw new Error('计算失败')" } } },
              { "id": "done", "type": "End" }
            ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "compute", "port": "In" } },
              { "source": { "activity": "compute", "port": "Done" }, "target": { "activity": "done", "port": "In" } }
            ]
          }
        }
        """;

    /// <summary>Invalid: the activity "stamp" has the unknown type "Stamp".</summary>
    public static string UnknownActivity(string definitionId) => $$"""
        {
          "definitionId": "{{definitionId}}", "name": "盖章",
          "root": {
            "type": "Flowchart",
            "activities": [
              { "id": "start", "type": "Start" },
              { "id": "stamp", "type": "Stamp" },
              { "id": "done", "type": "End" }
            ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "stamp", "port": "In" } },
              { "source": { "activity": "stamp", "port": "Done" }, "target": { "activity": "done", "port": "In" } }
            ]
          }
        }
        """;
}
