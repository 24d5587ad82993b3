using Microsoft.Extensions.DependencyInjection;
using Workflows.Core.Definitions;
using Workflows.Core.Layout;

namespace Workflows.Core.Tests.Layout;

public sealed class WorkflowLayoutTests
{
    private static readonly WorkflowLayout Layout = new ServiceCollection().AddWorkflowEngine().BuildServiceProvider().GetRequiredService<WorkflowLayout>();

    public static TheoryData<string> Shipped => new(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "workflows"), "*.json").Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(Shipped))]
    public void AShippedProcedure_IsLaidOutTopDown_WithNoOverlapAndNoConnectionThroughAStep(string file)
    {
        var definition = WorkflowDefinitionSerializer.Deserialize(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "workflows", file)));

        var result = Layout.Apply(definition);

        var boxes = result.Positions.ToDictionary(p => p.Key, p => (p.Value.X, p.Value.Y, Right: p.Value.X + WorkflowLayout.NodeWidth, Bottom: p.Value.Y + WorkflowLayout.NodeHeight));
        Assert.Equal(definition.Root.Activities.Count, boxes.Count);
        foreach (var (a, first) in boxes)
        {
            foreach (var (b, second) in boxes.Where(x => string.CompareOrdinal(x.Key, a) > 0))
            {
                var apart = first.Right <= second.X || second.Right <= first.X || first.Bottom <= second.Y || second.Bottom <= first.Y;
                Assert.True(apart, $"{file}: {a} overlaps {b}");
            }
        }
        var start = definition.Root.Activities.Single(a => a.Type == "Start").Id;
        Assert.Equal(boxes.Values.Min(b => b.Y), boxes[start].Y);

        foreach (var connection in definition.Root.Connections.Where(c => c.Source.Activity != c.Target.Activity))
        {
            var path = PathOf(definition, result, connection);
            foreach (var (id, box) in boxes)
            {
                foreach (var point in Sample(path))
                {
                    // The ends touch their own steps' edges; nothing may pass through a step's inside.
                    var inside = point.X > box.X + 2 && point.X < box.Right - 2 && point.Y > box.Y + 2 && point.Y < box.Bottom - 2;
                    Assert.False(inside, $"{file}: {connection.Key} crosses {id} at ({point.X:0}, {point.Y:0})");
                }
            }
        }
    }

    [Fact]
    public void Apply_WritesPositionsAndBends_IntoTheDefinition()
    {
        var definition = WorkflowDefinitionSerializer.Deserialize(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "workflows", "health-review.json")));

        var result = Layout.Apply(definition);
        var text = WorkflowDefinitionSerializer.Serialize(definition);
        var again = WorkflowDefinitionSerializer.Deserialize(text);

        foreach (var activity in again.Root.Activities)
        {
            var position = activity.Metadata!["designer"]!["position"]!;
            Assert.Equal(result.Positions[activity.Id].X, position["x"]!.GetValue<double>());
        }
        Assert.Contains(again.Root.Connections, c => WorkflowLayout.VerticesOf(c).Count > 0);
    }

    private static List<CanvasPoint> PathOf(WorkflowDefinition definition, LayoutResult result, ConnectionDefinition connection)
    {
        var source = definition.Root.Activities.Single(a => a.Id == connection.Source.Activity);
        var ports = Layout.PortsOf(source, definition.Root.Connections);
        var from = WorkflowLayout.OutPort(result.Positions[source.Id], ports.ToList().IndexOf(connection.Source.Port), ports.Count);
        var to = WorkflowLayout.InPort(result.Positions[connection.Target.Activity]);
        return [from, .. result.Routes[connection.Key], to];
    }

    private static IEnumerable<CanvasPoint> Sample(List<CanvasPoint> path)
    {
        for (var i = 0; i + 1 < path.Count; i++)
        {
            var (a, b) = (path[i], path[i + 1]);
            for (var t = 0.0; t <= 1.0; t += 0.05)
            {
                yield return new CanvasPoint(a.X + (b.X - a.X) * t, a.Y + (b.Y - a.Y) * t);
            }
        }
    }
}
