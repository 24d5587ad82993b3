using Blazor.Diagrams.Core.Geometry;
using Workflows.Core.Definitions;

namespace Workflows.Designer.Canvas;

/// <summary>A layered layout: each activity sits one row below the first activity that reaches it from Start.</summary>
public static class AutoLayouter
{
    public const double ColumnWidth = 260;
    public const double RowHeight = 160;

    public static IReadOnlyDictionary<string, Point> Arrange(WorkflowDefinition definition)
    {
        var activities = definition.Root.Activities;
        var next = definition.Root.Connections.ToLookup(c => c.Source.Activity, c => c.Target.Activity);
        var layer = new Dictionary<string, int>();
        var queue = new Queue<string>();
        foreach (var start in activities.Where(a => a.Type == "Start"))
        {
            layer[start.Id] = 0;
            queue.Enqueue(start.Id);
        }
        while (queue.TryDequeue(out var id))
        {
            foreach (var target in next[id].Where(t => !layer.ContainsKey(t)))
            {
                layer[target] = layer[id] + 1;
                queue.Enqueue(target);
            }
        }
        // Whatever Start does not reach goes below the rest, so it stays visible.
        var bottom = layer.Count == 0 ? 0 : layer.Values.Max() + 1;
        foreach (var activity in activities.Where(a => !layer.ContainsKey(a.Id)))
        {
            layer[activity.Id] = bottom;
        }
        var rows = activities.GroupBy(a => layer[a.Id]).ToList();
        var widest = rows.Max(r => r.Count());
        var positions = new Dictionary<string, Point>();
        foreach (var row in rows)
        {
            var offset = (widest - row.Count()) * ColumnWidth / 2;
            var column = 0;
            foreach (var activity in row)
            {
                positions[activity.Id] = new Point(40 + offset + column++ * ColumnWidth, 40 + row.Key * RowHeight);
            }
        }
        return positions;
    }
}
