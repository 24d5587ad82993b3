using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Msagl.Core;
using Microsoft.Msagl.Core.Geometry;
using Microsoft.Msagl.Core.Geometry.Curves;
using Microsoft.Msagl.Core.Layout;
using Microsoft.Msagl.Core.Routing;
using Microsoft.Msagl.Layout.Layered;
using Microsoft.Msagl.Miscellaneous;
using Microsoft.Msagl.Routing;
using Workflows.Core.Activities;
using Workflows.Core.Definitions;

namespace Workflows.Core.Layout;

/// <summary>A point on the designer's canvas: x to the right, y down.</summary>
public readonly record struct CanvasPoint(double X, double Y);

/// <summary>
/// Where each step goes (its top-left corner) and the path each connection takes (its bends, between the ports),
/// keyed by <see cref="ConnectionDefinition.Key"/>.
/// </summary>
public sealed record LayoutResult(IReadOnlyDictionary<string, CanvasPoint> Positions, IReadOnlyDictionary<string, IReadOnlyList<CanvasPoint>> Routes);

/// <summary>
/// Lays a definition out as the designer draws it — top to bottom from Start, the In port at the top centre of a
/// node and the outbound ports spread along its bottom edge — with the Sugiyama (layered) scheme of Microsoft's
/// Automatic Graph Layout, then routes every connection between its ports around the other nodes, loop-backs included.
/// </summary>
public sealed class WorkflowLayout(ActivityRegistry registry)
{
    public const double NodeWidth = 200;
    public const double NodeHeight = 84;
    public const double Margin = 40;
    private const double LayerSeparation = 90;
    private const double NodeSeparation = 60;
    private const double ObstaclePadding = 8;
    private const double StubDistance = 20;
    private const string DesignerKey = "designer";
    private const string PositionKey = "position";
    private const string VerticesKey = "vertices";

    public LayoutResult Arrange(WorkflowDefinition definition)
    {
        var activities = definition.Root.Activities.GroupBy(a => a.Id).Select(g => g.First()).ToList();
        var connections = definition.Root.Connections
            .Where(c => activities.Any(a => a.Id == c.Source.Activity) && activities.Any(a => a.Id == c.Target.Activity)).ToList();
        var positions = Layer(activities, connections);
        var routes = Route(activities, connections, positions);
        return new LayoutResult(positions, routes);
    }

    /// <summary>Arranges <paramref name="definition"/> and writes the result into it: positions into each activity's designer metadata, bends into each connection.</summary>
    public LayoutResult Apply(WorkflowDefinition definition)
    {
        var result = Arrange(definition);
        foreach (var activity in definition.Root.Activities)
        {
            if (result.Positions.TryGetValue(activity.Id, out var p))
            {
                WritePosition(activity, p);
            }
        }
        foreach (var connection in definition.Root.Connections)
        {
            WriteVertices(connection, result.Routes.GetValueOrDefault(connection.Key) ?? []);
        }
        return result;
    }

    /// <summary>The outbound ports of an activity in the order the canvas draws them along the bottom edge.</summary>
    public IReadOnlyList<string> PortsOf(ActivityDefinition activity, IEnumerable<ConnectionDefinition> connections)
    {
        var used = connections.Where(c => c.Source.Activity == activity.Id).Select(c => c.Source.Port);
        if (registry.Find(activity.Type) is not { } descriptor)
        {
            return [.. used.Distinct()];
        }
        try
        {
            var ports = descriptor.Activity.GetPorts(activity).Distinct().ToList();
            return [.. ports, .. used.Distinct().Where(p => !ports.Contains(p))];
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or JsonException)
        {
            return [.. used.Distinct()];
        }
    }

    public static CanvasPoint InPort(CanvasPoint position) => new(position.X + NodeWidth / 2, position.Y);

    public static CanvasPoint OutPort(CanvasPoint position, int index, int count) =>
        new(position.X + NodeWidth * (index + 0.5) / Math.Max(count, 1), position.Y + NodeHeight);

    public static IReadOnlyList<CanvasPoint> VerticesOf(ConnectionDefinition connection) =>
        connection.Unknown?.TryGetValue(VerticesKey, out var vertices) == true && vertices.ValueKind == JsonValueKind.Array
            ? [.. vertices.EnumerateArray()
                .Where(v => v.ValueKind == JsonValueKind.Object && v.TryGetProperty("x", out var x) && x.ValueKind == JsonValueKind.Number
                    && v.TryGetProperty("y", out var y) && y.ValueKind == JsonValueKind.Number)
                .Select(v => new CanvasPoint(v.GetProperty("x").GetDouble(), v.GetProperty("y").GetDouble()))]
            : [];

    public static void WriteVertices(ConnectionDefinition connection, IReadOnlyList<CanvasPoint> vertices)
    {
        if (vertices.Count == 0)
        {
            connection.Unknown?.Remove(VerticesKey);
            return;
        }
        connection.Unknown ??= [];
        connection.Unknown[VerticesKey] = JsonSerializer.SerializeToElement(
            new JsonArray([.. vertices.Select(v => (JsonNode)new JsonObject { ["x"] = Math.Round(v.X), ["y"] = Math.Round(v.Y) })]));
    }

    public static void WritePosition(ActivityDefinition activity, CanvasPoint position)
    {
        activity.Metadata ??= [];
        if (activity.Metadata[DesignerKey] is not JsonObject designer)
        {
            designer = [];
            activity.Metadata[DesignerKey] = designer;
        }
        designer[PositionKey] = new JsonObject { ["x"] = Math.Round(position.X), ["y"] = Math.Round(position.Y) };
    }

    private static Dictionary<string, CanvasPoint> Layer(List<ActivityDefinition> activities, List<ConnectionDefinition> connections)
    {
        var graph = new GeometryGraph();
        var nodes = new Dictionary<string, Node>();
        foreach (var activity in activities)
        {
            var node = new Node(CurveFactory.CreateRectangle(NodeWidth, NodeHeight, new Point()), activity.Id);
            nodes[activity.Id] = node;
            graph.Nodes.Add(node);
        }
        foreach (var pair in connections.Select(c => (c.Source.Activity, c.Target.Activity)).Where(p => p.Item1 != p.Item2).Distinct())
        {
            var edge = new Edge(nodes[pair.Item1], nodes[pair.Item2]);
            graph.Edges.Add(edge);
        }
        var settings = new SugiyamaLayoutSettings
        {
            LayerSeparation = LayerSeparation,
            NodeSeparation = NodeSeparation,
            EdgeRoutingSettings = { EdgeRoutingMode = EdgeRoutingMode.None },
        };
        LayoutHelpers.CalculateLayout(graph, settings, new CancelToken());
        // MSAGL's y grows upwards with the first layer on top; the canvas's grows downwards.
        var left = nodes.Values.Min(n => n.BoundingBox.Left);
        var top = nodes.Values.Max(n => n.BoundingBox.Top);
        return nodes.ToDictionary(n => n.Key, n => new CanvasPoint(
            Snap(n.Value.BoundingBox.Left - left + Margin), Snap(top - n.Value.BoundingBox.Top + Margin)));
    }

    private Dictionary<string, IReadOnlyList<CanvasPoint>> Route(
        List<ActivityDefinition> activities, List<ConnectionDefinition> connections, Dictionary<string, CanvasPoint> positions)
    {
        var graph = new GeometryGraph();
        var nodes = new Dictionary<string, Node>();
        foreach (var activity in activities)
        {
            var p = positions[activity.Id];
            var node = new Node(CurveFactory.CreateRectangle(NodeWidth, NodeHeight, new Point(p.X + NodeWidth / 2, p.Y + NodeHeight / 2)), activity.Id);
            nodes[activity.Id] = node;
            graph.Nodes.Add(node);
        }
        // Each port gets a small stand-in just outside its step, and routes run between stand-ins: then every step,
        // the connection's own two included, is an obstacle, and a loop-back goes round its target to reach the top.
        var stubs = new Dictionary<(string, string?), Node>();
        Node Stub(string activityId, string? port, CanvasPoint at)
        {
            if (!stubs.TryGetValue((activityId, port), out var stub))
            {
                stub = new Node(CurveFactory.CreateRectangle(2, 2, new Point(at.X, at.Y)));
                stubs[(activityId, port)] = stub;
                graph.Nodes.Add(stub);
            }
            return stub;
        }
        var edges = new List<(ConnectionDefinition Connection, Edge Edge, CanvasPoint From, CanvasPoint To)>();
        foreach (var activity in activities)
        {
            var ports = PortsOf(activity, connections).ToList();
            foreach (var connection in connections.Where(c => c.Source.Activity == activity.Id && c.Target.Activity != activity.Id))
            {
                var exit = OutPort(positions[activity.Id], Math.Max(ports.IndexOf(connection.Source.Port), 0), ports.Count);
                var entry = InPort(positions[connection.Target.Activity]);
                var source = Stub(activity.Id, connection.Source.Port, exit with { Y = exit.Y + StubDistance });
                var target = Stub(connection.Target.Activity, null, entry with { Y = entry.Y - StubDistance });
                var edge = new Edge(source, target);
                graph.Edges.Add(edge);
                edges.Add((connection, edge, exit, entry));
            }
        }
        var router = new SplineRouter(graph, ObstaclePadding, ObstaclePadding / 2, Math.PI / 6) { ContinueOnOverlaps = true };
        router.Run();
        var routes = new Dictionary<string, IReadOnlyList<CanvasPoint>>();
        foreach (var (connection, edge, exit, entry) in edges)
        {
            routes[connection.Key] = [exit with { Y = exit.Y + StubDistance }, .. Bends(edge.Curve), entry with { Y = entry.Y - StubDistance }];
        }
        return routes;
    }

    /// <summary>The route as a polyline the canvas can draw: the curve sampled, its first and last points (the ports) left to the anchors.</summary>
    private static List<CanvasPoint> Bends(ICurve? curve)
    {
        if (curve is null)
        {
            return [];
        }
        const int samples = 24;
        var points = new List<CanvasPoint>();
        for (var i = 1; i < samples; i++)
        {
            var point = curve[curve.ParStart + (curve.ParEnd - curve.ParStart) * i / samples];
            points.Add(new CanvasPoint(point.X, point.Y));
        }
        return Simplify(points);
    }

    /// <summary>Drops points that lie on the straight line between their neighbours, so a straight route has no bends at all.</summary>
    private static List<CanvasPoint> Simplify(List<CanvasPoint> points)
    {
        var kept = new List<CanvasPoint>();
        for (var i = 0; i < points.Count; i++)
        {
            if (i > 0 && i < points.Count - 1)
            {
                var (a, b, c) = (kept[^1], points[i], points[i + 1]);
                var cross = (b.X - a.X) * (c.Y - a.Y) - (b.Y - a.Y) * (c.X - a.X);
                if (Math.Abs(cross) < 1.0 * Math.Max(1, Math.Abs(c.X - a.X) + Math.Abs(c.Y - a.Y)))
                {
                    continue;
                }
            }
            kept.Add(points[i]);
        }
        return kept;
    }

    private static double Snap(double value) => Math.Round(value / 20) * 20;
}
