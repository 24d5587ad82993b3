using System.Text.Json.Nodes;
using Blazor.Diagrams;
using Blazor.Diagrams.Core.Geometry;
using Microsoft.AspNetCore.Components;
using Workflows.Core.Definitions;
using Workflows.Designer.Canvas;

namespace Workflows.Designer.Tests.Canvas;

/// <summary>Nodes and ports are placed without the browser measuring them, and a node's content redraws when it changes.</summary>
public sealed class NodeGeometryTests : DesignerContext
{
    private static ActivityDefinition Task(params string[] outcomes) => new()
    {
        Id = "check",
        Type = "UserTask",
        Name = "受理",
        Inputs = { ["outcomes"] = ExpressionDefinition.Literal(new JsonArray([.. outcomes.Select(o => (JsonNode)new JsonObject { ["name"] = o })])) },
        Metadata = new() { ["designer"] = new JsonObject { ["position"] = new JsonObject { ["x"] = 100.0, ["y"] = 200.0 } } },
    };

    private DiagramDocument Load(ActivityDefinition activity)
    {
        var document = new DiagramDocument(Catalog);
        document.Load(new WorkflowDefinition { DefinitionId = "d", Root = { Activities = [activity] } });
        return document;
    }

    [Fact]
    public void PortsArePlaced_AndMarkedMeasured_BeforeAnythingIsRendered()
    {
        var node = Load(Task("accept", "return")).Find("check")!;

        Assert.True(node.ControlledSize);
        Assert.Equal(new Size(ActivityNode.Width, ActivityNode.Height), node.Size);
        Assert.All(node.Ports, p => Assert.True(p.Initialized));
        // In centred on the top edge; two outcomes at a quarter and three quarters of the bottom edge.
        Assert.Equal(new Point(100 + 93, 200 - 7), node.InPort!.Position);
        Assert.Equal([new Point(100 + 43, 200 + 77), new Point(100 + 143, 200 + 77)], node.OutPorts.Select(p => p.Position));
    }

    [Fact]
    public void PortsFollowTheNode_AndAreSpreadAgain_WhenOutcomesChange()
    {
        var document = Load(Task("accept", "return"));
        var node = document.Find("check")!;

        node.SetPosition(300, 400);
        Assert.Equal(new Point(300 + 93, 400 - 7), node.InPort!.Position);

        node.Activity.Inputs["outcomes"] = ExpressionDefinition.Literal(new JsonArray(
            new JsonObject { ["name"] = "accept" }, new JsonObject { ["name"] = "return" }, new JsonObject { ["name"] = "refer" }));
        document.RefreshActivity(node);

        Assert.Equal(["accept", "return", "refer"], node.OutPorts.Select(p => p.Name));
        Assert.Equal([300 + 26, 300 + 93, 300 + 160], node.OutPorts.Select(p => p.Position.X));
        Assert.All(node.Ports, p => Assert.True(p.Initialized));
    }

    [Fact]
    public async Task TheWidget_RedrawsItsContent_WhenTheActivityChanges()
    {
        var document = Load(Task("accept"));
        var node = document.Find("check")!;
        var widget = Context.Render<CascadingValue<BlazorDiagram>>(p => p
            .Add(c => c.Value, document.Diagram)
            .Add(c => c.IsFixed, true)
            .AddChildContent<ActivityNodeWidget>(w => w.Add(x => x.Node, node)));
        Assert.Contains("受理", widget.Find(".node-name").TextContent);

        node.Activity.Name = "初审";
        await widget.InvokeAsync(() => document.RefreshActivity(node));
        widget.FindComponent<ActivityNodeWidget>().Render();

        Assert.Contains("初审", widget.Find(".node-name").TextContent);
    }
}
