using Workflows.Core.Definitions;

namespace Workflows.Persistence.Benchmarks;

/// <summary>
/// The measured workflow: Start → UserTask a → b → c → End "approved", every input a literal (no script, no
/// template), so the run measures the engine and the store, not the expression evaluators. Each task can also be
/// rejected (→ End "rejected"), as a real approval can; the harness always approves.
/// </summary>
public static class ApprovalFlow
{
    public const string DefinitionId = "bench-three-step-approval";
    public const string Approve = "approve";
    public static readonly string[] Tasks = ["a", "b", "c"];

    /// <summary>Who each task is assigned to by name (so it needs no organisation directory), and who completes it.</summary>
    public static readonly string[] Approvers = ["zhang.san", "li.si", "wang.wu"];

    public static WorkflowDefinition Create() => WorkflowDefinitionSerializer.Deserialize(Json);

    private static string Task(string id, string title, string user) => $$"""
        { "id": "{{id}}", "type": "UserTask", "name": "{{title}}", "inputs": {
            "title":    { "type": "Literal", "value": "{{title}}" },
            "assignTo": { "type": "Literal", "value": { "users": ["{{user}}"] } },
            "mode":     { "type": "Literal", "value": "single" },
            "outcomes": { "type": "Literal", "value": [ { "name": "approve", "label": "同意" },
                          { "name": "reject", "label": "退回", "requiresComment": true } ] } } }
        """;

    private static string Connect(string source, string port, string target) =>
        $$"""{ "source": { "activity": "{{source}}", "port": "{{port}}" }, "target": { "activity": "{{target}}", "port": "In" } }""";

    private static readonly string Json = $$"""
        {
          "definitionId": "{{DefinitionId}}", "name": "三级审批 (benchmark)",
          "root": {
            "type": "Flowchart",
            "activities": [
              { "id": "start", "type": "Start" },
              {{Task("a", "科室审核", Approvers[0])}},
              {{Task("b", "部门审核", Approvers[1])}},
              {{Task("c", "分管领导审批", Approvers[2])}},
              { "id": "approved", "type": "End", "inputs": { "result": { "type": "Literal", "value": "approved" } } },
              { "id": "rejected", "type": "End", "inputs": { "result": { "type": "Literal", "value": "rejected" } } }
            ],
            "connections": [
              {{Connect("start", "Done", "a")}},
              {{Connect("a", "approve", "b")}},
              {{Connect("b", "approve", "c")}},
              {{Connect("c", "approve", "approved")}},
              {{Connect("a", "reject", "rejected")}},
              {{Connect("b", "reject", "rejected")}},
              {{Connect("c", "reject", "rejected")}}
            ]
          }
        }
        """;
}
