using System.Text.Json.Nodes;
using Blazor.Diagrams;
using Blazor.Diagrams.Core.Anchors;
using Blazor.Diagrams.Core.Geometry;
using Blazor.Diagrams.Core.Models;
using Blazor.Diagrams.Core.Models.Base;
using Blazor.Diagrams.Options;
using Blazor.Diagrams.Core.PathGenerators;
using Workflows.Core.Activities;
using Workflows.Core.Definitions;
using Workflows.Core.Layout;
using Workflows.Designer.Services;

namespace Workflows.Designer.Canvas;

/// <summary>
/// Keeps a definition and its diagram in step. The definition is the truth: the canvas edits it (links become
/// connections, moves become <c>metadata.designer.position</c>, deletes remove activities), and anything that changes
/// the definition elsewhere (undo, the JSON view) reloads the diagram from it.
/// </summary>
public sealed class DiagramDocument
{
    public const int GridSize = 20;

    /// <summary>How far a link leaves its port straight before it curves (Z.Blazor.Diagrams' default, set here because the page's drag preview draws links with it too).</summary>
    public const double CurveMargin = 125;

    /// <summary>The canvas's geometry, which <c>workflowsDesigner.previewDrags</c> needs to draw moving nodes' links as the server will.</summary>
    public static readonly CanvasGeometry Geometry = new(GridSize, ActivityNode.Width, ActivityNode.Height, ActivityNode.PortSize, LinkMarker.Arrow.Width, CurveMargin);
    private const string DesignerKey = "designer";
    private const string PositionKey = "position";
    private readonly IActivityCatalog _catalog;
    private bool _loading;

    public DiagramDocument(IActivityCatalog catalog)
    {
        _catalog = catalog;
        var options = new BlazorDiagramOptions
        {
            AllowMultiSelection = true,
            GridSize = GridSize,
            Zoom = { Enabled = true, Minimum = 0.1 },
            Links =
            {
                Factory = CreateLink, TargetAnchorFactory = TargetAnchor, RequireTarget = true,
                DefaultPathGenerator = new SmoothPathGenerator(CurveMargin),
            },
        };
        Diagram = new BlazorDiagram(options);
        Diagram.RegisterComponent<ActivityNode, ActivityNodeWidget>();
        Diagram.Links.Added += OnLinkAdded;
        Diagram.Links.Removed += _ => OnStructureChanged();
        Diagram.Nodes.Removed += OnNodeRemoved;
    }

    public BlazorDiagram Diagram { get; }

    public WorkflowDefinition Definition { get; private set; } = new();

    /// <summary>The user changed the definition on the canvas (connected, moved, deleted).</summary>
    public event Action? Changed;

    public IEnumerable<ActivityNode> Nodes => Diagram.Nodes.OfType<ActivityNode>();

    public ActivityNode? Find(string activityId) => Nodes.FirstOrDefault(n => n.Activity.Id == activityId);

    /// <summary>
    /// For editing: a step whose inbox title is its name becomes untitled. The inbox shows an untitled step's name, so
    /// nothing changes at run time, and renaming the step needs no write into the title field. That write raced the
    /// user: it came as they moved from the name to the title, and their first keys landed in, or after, the renamed
    /// title.
    /// </summary>
    public static void UntitleStepsTitledByTheirName(WorkflowDefinition definition)
    {
        foreach (var activity in definition.Root.Activities)
        {
            if (activity.Type == ActivityTypes.UserTask && !string.IsNullOrEmpty(activity.Name)
                && activity.Inputs.GetValueOrDefault(UserTask.Title.Name) is { Type: ExpressionTypes.Literal } title && title.Value?.ToString() == activity.Name)
            {
                activity.Inputs.Remove(UserTask.Title.Name);
            }
        }
    }

    public void Load(WorkflowDefinition definition)
    {
        _loading = true;
        try
        {
            Definition = definition;
            Diagram.Batch(() =>
            {
                Diagram.Links.Clear();
                Diagram.Nodes.Clear();
                var nodes = definition.Root.Activities.Select((a, i) => NewNode(a, PositionOf(a) ?? DefaultPosition(i))).ToList();
                Diagram.Nodes.Add(nodes);
                var byId = nodes.GroupBy(n => n.Activity.Id).ToDictionary(g => g.Key, g => g.First());
                var links = new List<BaseLinkModel>();
                foreach (var connection in definition.Root.Connections)
                {
                    if (!byId.TryGetValue(connection.Source.Activity, out var source) || !byId.TryGetValue(connection.Target.Activity, out var target)
                        || target.InPort is null)
                    {
                        // Validation reports the dangling connection; the canvas cannot draw it.
                        continue;
                    }
                    var port = source.OutPort(connection.Source.Port)
                        ?? (ActivityPort)source.AddPort(new ActivityPort(source, connection.Source.Port, isInput: false));
                    var link = NewLink(new SinglePortAnchor(port), new SinglePortAnchor(target.InPort));
                    var bends = WorkflowLayout.VerticesOf(connection);
                    foreach (var bend in bends)
                    {
                        link.Vertices.Add(new LinkVertexModel(link, new Point(bend.X, bend.Y)));
                    }
                    if (bends.Count > 0)
                    {
                        // The bends were routed around the steps: straight segments between them keep to that route.
                        link.PathGenerator = new StraightPathGenerator();
                    }
                    links.Add(link);
                }
                Diagram.Links.Add(links);
            });
        }
        finally
        {
            _loading = false;
        }
    }

    /// <summary>Adds an activity of <paramref name="type"/> at <paramref name="position"/> (snapped to the grid).</summary>
    public ActivityNode AddActivity(string type, Point position)
    {
        var activity = new ActivityDefinition { Id = NewId(type), Type = type, Name = _catalog.Find(type)?.DisplayName ?? type };
        foreach (var (name, value) in ActivityDefaults.For(type))
        {
            activity.Inputs[name] = value;
        }
        var snapped = new Point(Snap(position.X), Snap(position.Y));
        WritePosition(activity, snapped);
        Definition.Root.Activities.Add(activity);
        var node = Diagram.Nodes.Add(NewNode(activity, snapped));
        Changed?.Invoke();
        return node;
    }

    /// <summary>After an activity's properties changed: its ports follow its outcomes, links to removed ports go.</summary>
    public void RefreshActivity(ActivityNode node)
    {
        var orphaned = node.SyncOutPorts(PortsOf(node));
        if (orphaned.Count > 0)
        {
            Diagram.Links.Remove(orphaned);
        }
        // The ports were laid out again by SyncOutPorts: redraw the node, its ports and their links, with no measuring.
        node.ContentChanged();
        node.RefreshAll();
        node.RefreshLinks();
        foreach (var port in node.Ports)
        {
            port.RefreshLinks();
        }
    }

    public void ApplyProblems(IReadOnlyList<DesignerProblem> problems)
    {
        var byActivity = problems.Where(p => p.ActivityId is not null).ToLookup(p => p.ActivityId!);
        foreach (var node in Nodes)
        {
            var mine = byActivity[node.Activity.Id].ToList();
            if (mine.Count != node.Problems.Count || !mine.SequenceEqual(node.Problems))
            {
                node.Problems = mine;
                node.ContentChanged();
                node.Refresh();
            }
        }
    }

    /// <summary>
    /// Lays the whole definition out with the layered (Sugiyama) layout and routes the connections around the steps
    /// (<see cref="WorkflowLayout"/>): one change, so one undo step.
    /// </summary>
    public void AutoLayout(WorkflowLayout layout)
    {
        layout.Apply(Definition);
        Load(Definition);
        Changed?.Invoke();
    }

    /// <summary>
    /// Shows the whole definition when it fits at a zoom people can read; otherwise shows its top (where Start is)
    /// at the smallest readable zoom, to be panned for the rest.
    /// </summary>
    public void FitReadable(double margin)
    {
        if (Diagram.Container is not { Width: > 0, Height: > 0 } container || !Nodes.Any())
        {
            return;
        }
        var left = Nodes.Min(n => n.Position.X);
        var top = Nodes.Min(n => n.Position.Y);
        var right = Nodes.Max(n => n.Position.X + ActivityNode.Width);
        var bottom = Nodes.Max(n => n.Position.Y + ActivityNode.Height);
        if (left >= 0 && top >= 0 && right + margin <= container.Width && bottom + margin <= container.Height)
        {
            // Already whole at full size where it is drawn: moving it would only move what the user is looking at.
            Diagram.SetZoom(1);
            Diagram.SetPan(0, 0);
            return;
        }
        Diagram.ZoomToFit(margin);
        if (Diagram.Zoom >= ReadableZoom)
        {
            if (Diagram.Zoom > 1)
            {
                Diagram.SetZoom(1);
            }
            return;
        }
        Diagram.SetZoom(ReadableZoom);
        var width = (right - left) * ReadableZoom;
        var panX = width < container.Width ? (container.Width - width) / 2 - left * ReadableZoom : margin - left * ReadableZoom;
        Diagram.SetPan(panX, margin - top * ReadableZoom);
    }

    /// <summary>Below this the 13px step names are no longer legible.</summary>
    public const double ReadableZoom = 0.7;

    private IReadOnlyList<string> PortsOf(ActivityNode node)
    {
        if (node.Type is null)
        {
            // An unknown type keeps the ports its connections use, so nothing is lost on save.
            return Definition.Root.Connections.Where(c => c.Source.Activity == node.Activity.Id).Select(c => c.Source.Port).Distinct().ToList();
        }
        return _catalog.PortsOf(node.Activity);
    }

    private ActivityNode NewNode(ActivityDefinition activity, Point position)
    {
        var node = new ActivityNode(activity, _catalog.Find(activity.Type), position);
        node.SyncOutPorts(PortsOf(node));
        node.Moved += OnNodeMoved;
        return node;
    }

    private static LinkModel NewLink(Anchor source, Anchor target) => new(source, target) { TargetMarker = LinkMarker.Arrow };

    private static BaseLinkModel? CreateLink(Blazor.Diagrams.Core.Diagram diagram, ILinkable source, Anchor target) =>
        source is ActivityPort { IsInput: false } port ? NewLink(new SinglePortAnchor(port), target) : null;

    private static Anchor TargetAnchor(Blazor.Diagrams.Core.Diagram diagram, BaseLinkModel link, ILinkable model) => model switch
    {
        ActivityNode { InPort: { } port } => new SinglePortAnchor(port),
        PortModel port => new SinglePortAnchor(port),
        NodeModel node => new ShapeIntersectionAnchor(node),
        _ => throw new ArgumentOutOfRangeException(nameof(model)),
    };

    private void OnLinkAdded(BaseLinkModel link)
    {
        if (!_loading && !link.IsAttached)
        {
            link.TargetAttached += _ => OnStructureChanged();
        }
    }

    private void OnNodeRemoved(NodeModel removed)
    {
        if (_loading || removed is not ActivityNode node)
        {
            return;
        }
        node.Moved -= OnNodeMoved;
        Definition.Root.Activities.Remove(node.Activity);
        OnStructureChanged();
    }

    private void OnNodeMoved(MovableModel model)
    {
        if (model is ActivityNode node)
        {
            WritePosition(node.Activity, node.Position);
            ForgetRoutes(node);
            Changed?.Invoke();
        }
    }

    /// <summary>A moved step makes the routes of its connections wrong: they are drawn straight until the next 自动排列.</summary>
    private void ForgetRoutes(ActivityNode node)
    {
        foreach (var connection in Definition.Root.Connections.Where(c => c.Source.Activity == node.Activity.Id || c.Target.Activity == node.Activity.Id))
        {
            WorkflowLayout.WriteVertices(connection, []);
        }
        foreach (var link in node.Links.Concat(node.Ports.SelectMany(p => p.Links)).OfType<LinkModel>().Distinct().Where(l => l.Vertices.Count > 0))
        {
            link.Vertices.Clear();
            link.PathGenerator = null;
            link.Refresh();
        }
    }

    /// <summary>Connections are rebuilt from the attached links, keeping each surviving connection's own object (and unknown fields).</summary>
    private void OnStructureChanged()
    {
        if (_loading)
        {
            return;
        }
        var existing = Definition.Root.Connections.GroupBy(c => c.Key).ToDictionary(g => g.Key, g => g.First());
        var connections = new List<ConnectionDefinition>();
        foreach (var link in Diagram.Links.Where(l => l.IsAttached))
        {
            if (link.Source.Model is not ActivityPort { IsInput: false } from || link.Target.Model is not ActivityPort { IsInput: true } to)
            {
                continue;
            }
            var connection = new ConnectionDefinition
            {
                Source = new Endpoint { Activity = ((ActivityNode)from.Parent).Activity.Id, Port = from.Name },
                Target = new Endpoint { Activity = ((ActivityNode)to.Parent).Activity.Id, Port = Core.Activities.Ports.In },
            };
            if (existing.Remove(connection.Key, out var kept))
            {
                connections.Add(kept);
            }
            else if (connections.All(c => c.Key != connection.Key))
            {
                connections.Add(connection);
            }
        }
        // Connections the canvas cannot draw (to a missing activity) stay for validation to report.
        var drawable = Nodes.Select(n => n.Activity.Id).ToHashSet();
        connections.AddRange(existing.Values.Where(c => !drawable.Contains(c.Source.Activity) && !drawable.Contains(c.Target.Activity)));
        Definition.Root.Connections = connections;
        Changed?.Invoke();
    }

    private string NewId(string type)
    {
        var stem = char.ToLowerInvariant(type[0]) + type[1..];
        var taken = Definition.Root.Activities.Select(a => a.Id).ToHashSet();
        for (var i = 1; ; i++)
        {
            if (!taken.Contains($"{stem}{i}"))
            {
                return $"{stem}{i}";
            }
        }
    }

    private static double Snap(double value) => Math.Round(value / GridSize) * GridSize;

    private static Point DefaultPosition(int index) => new(40 + index % 6 * 240, 40 + index / 6 * 160);

    public static Point? PositionOf(ActivityDefinition activity) =>
        activity.Metadata?[DesignerKey]?[PositionKey] is JsonObject p
        && p["x"] is JsonValue x && x.TryGetValue<double>(out var px)
        && p["y"] is JsonValue y && y.TryGetValue<double>(out var py)
            ? new Point(px, py)
            : null;

    private static void WritePosition(ActivityDefinition activity, Point position)
    {
        activity.Metadata ??= [];
        if (activity.Metadata[DesignerKey] is not JsonObject designer)
        {
            designer = [];
            activity.Metadata[DesignerKey] = designer;
        }
        designer[PositionKey] = new JsonObject { ["x"] = Math.Round(position.X), ["y"] = Math.Round(position.Y) };
    }
}
