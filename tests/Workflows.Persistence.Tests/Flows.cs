using Workflows.Core.Definitions;

namespace Workflows.Persistence.Tests;

/// <summary>Small definitions in the shipped JSON shape.</summary>
public static class Flows
{
    /// <summary>Start → review (approve | reject) → e-mail on approval → End "approved"; rejection ends "rejected".</summary>
    public static string ApprovalJson(string definitionId, string name = "请假审批") => $$"""
        {
          "definitionId": "{{definitionId}}", "name": "{{name}}",
          "root": {
            "type": "Flowchart",
            "activities": [
              { "id": "start", "type": "Start" },
              { "id": "review", "type": "UserTask", "inputs": {
                  "title": { "type": "Literal", "value": "审核" },
                  "assignTo": { "type": "Literal", "value": { "roles": ["reviewer"] } },
                  "outcomes": { "type": "Literal", "value": [ { "name": "approve" }, { "name": "reject" } ] } } },
              { "id": "mail", "type": "SendEmail", "inputs": {
                  "to": { "type": "Literal", "value": ["office@example.org"] },
                  "subject": { "type": "Literal", "value": "已批准" },
                  "body": { "type": "Literal", "value": "您的申请已批准。" } } },
              { "id": "approved", "type": "End", "inputs": { "result": { "type": "Literal", "value": "approved" } } },
              { "id": "rejected", "type": "End", "inputs": { "result": { "type": "Literal", "value": "rejected" } } }
            ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "review", "port": "In" } },
              { "source": { "activity": "review", "port": "approve" }, "target": { "activity": "mail", "port": "In" } },
              { "source": { "activity": "mail", "port": "Done" }, "target": { "activity": "approved", "port": "In" } },
              { "source": { "activity": "review", "port": "reject" }, "target": { "activity": "rejected", "port": "In" } }
            ]
          }
        }
        """;

    public static WorkflowDefinition Approval(string definitionId, string name = "请假审批") =>
        WorkflowDefinitionSerializer.Deserialize(ApprovalJson(definitionId, name));

    /// <summary>A definition whose connection points at an activity that does not exist.</summary>
    public static WorkflowDefinition Broken(string definitionId)
    {
        var definition = Approval(definitionId);
        definition.Root.Connections[0].Target.Activity = "nowhere";
        return definition;
    }
}
