using System.Text.Json.Nodes;
using Blazor.Diagrams.Core.Geometry;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Core.Definitions;
using Workflows.Designer.Canvas;

namespace Workflows.Designer.Tests.Canvas;

public sealed class DiagramDocumentTests : DesignerContext
{
    private static WorkflowDefinition Review() => WorkflowDefinitionSerializer.Deserialize("""
        {
          "definitionId": "review", "name": "审查",
          "root": {
            "type": "Flowchart",
            "activities": [
              { "id": "start", "type": "Start", "metadata": { "designer": { "position": { "x": 100, "y": 40 } }, "colour": "blue" } },
              { "id": "check", "type": "UserTask", "inputs": {
                  "title": { "type": "Literal", "value": "受理" },
                  "assignTo": { "type": "Literal", "value": { "roles": ["health-office"] } },
                  "outcomes": { "type": "Literal", "value": [ { "name": "accept" }, { "name": "return" } ] } } },
              { "id": "legacy", "type": "Elsa.HttpEndpoint" },
              { "id": "done", "type": "End" }
            ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "check", "port": "In" } },
              { "source": { "activity": "check", "port": "accept" }, "target": { "activity": "done", "port": "In" } },
              { "source": { "activity": "check", "port": "return" }, "target": { "activity": "legacy", "port": "In" } },
              { "source": { "activity": "legacy", "port": "Next" }, "target": { "activity": "done", "port": "In" } }
            ]
          }
        }
        """);

    private DiagramDocument Load(WorkflowDefinition definition)
    {
        var document = new DiagramDocument(Catalog);
        document.Load(definition);
        return document;
    }

    [Fact]
    public void Load_DrawsANodePerActivity_APortPerOutcome_AndALinkPerConnection()
    {
        var document = Load(Review());

        Assert.Equal(4, document.Nodes.Count());
        Assert.Equal(["accept", "return"], document.Find("check")!.OutPorts.Select(p => p.Name));
        Assert.Equal(4, document.Diagram.Links.Count);
        Assert.Equal(new Point(100, 40), document.Find("start")!.Position);
    }

    [Fact]
    public void UnknownType_OpensAsAnUnknownNode_KeepingItsConnections()
    {
        var document = Load(Review());

        var legacy = document.Find("legacy")!;
        Assert.Null(legacy.Type);
        Assert.Equal(["Next"], legacy.OutPorts.Select(p => p.Name));
    }

    [Fact]
    public void RemovingAnOutcome_RemovesItsPort_ItsLink_AndItsConnection()
    {
        var document = Load(Review());
        var check = document.Find("check")!;

        check.Activity.Inputs["outcomes"] = ExpressionDefinition.Literal(JsonNode.Parse("""[ { "name": "accept" }, { "name": "approve" } ]"""));
        document.RefreshActivity(check);

        Assert.Equal(["accept", "approve"], check.OutPorts.Select(p => p.Name));
        Assert.DoesNotContain(document.Definition.Root.Connections, c => c.Source.Port == "return");
        Assert.Contains(document.Definition.Root.Connections, c => c.Source.Port == "accept");
    }

    [Fact]
    public void DeletingANode_RemovesTheActivityAndItsConnections()
    {
        var document = Load(Review());
        var changed = 0;
        document.Changed += () => changed++;

        document.Diagram.Nodes.Remove(document.Find("check")!);

        Assert.DoesNotContain(document.Definition.Root.Activities, a => a.Id == "check");
        Assert.DoesNotContain(document.Definition.Root.Connections, c => c.Source.Activity == "check" || c.Target.Activity == "check");
        Assert.True(changed > 0);
    }

    [Fact]
    public void AddActivity_SnapsToTheGrid_AndKeepsThePositionInDesignerMetadata()
    {
        var document = Load(Review());

        var node = document.AddActivity("Decision", new Point(333, 251));

        Assert.Equal("decision1", node.Activity.Id);
        Assert.Equal(new Point(340, 260), DiagramDocument.PositionOf(node.Activity));
        Assert.Equal(["True", "False"], node.OutPorts.Select(p => p.Name));
        Assert.Contains(document.Definition.Root.Activities, a => a.Id == "decision1");
    }

    [Fact]
    public void Positions_AreWrittenBesideOtherMetadata_WhichSurvives()
    {
        var document = Load(Review());

        document.AutoLayout(Context.Services.GetRequiredService<Workflows.Core.Layout.WorkflowLayout>());

        var start = document.Definition.Root.Activities.Single(a => a.Id == "start");
        Assert.Equal("blue", start.Metadata!["colour"]!.GetValue<string>());
        Assert.NotNull(DiagramDocument.PositionOf(start));
        var json = WorkflowDefinitionSerializer.Serialize(document.Definition);
        Assert.Equal(json, WorkflowDefinitionSerializer.Serialize(WorkflowDefinitionSerializer.Deserialize(json)));
    }

    [Fact]
    public void AutoLayout_PutsEachActivityBelowWhatLeadsToIt()
    {
        var document = Load(Review());

        document.AutoLayout(Context.Services.GetRequiredService<Workflows.Core.Layout.WorkflowLayout>());

        double Y(string id) => document.Find(id)!.Position.Y;
        Assert.True(Y("start") < Y("check"));
        Assert.True(Y("check") < Y("done"));
    }
}
