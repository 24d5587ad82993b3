using Blazor.Diagrams.Core.Geometry;
using Blazor.Diagrams.Core.Models;
using Blazor.Diagrams.Core.Models.Base;
using Workflows.Core.Definitions;
using Workflows.Designer.Services;

namespace Workflows.Designer.Canvas;

/// <summary>
/// A node on the canvas: one activity of the definition, with an In port and one port per outcome.
/// Nodes and ports have a fixed geometry (<see cref="Width"/>, <see cref="Height"/>, ports spread along the bottom edge),
/// which designer.css draws exactly: the diagram then never measures them in the browser, so opening a large
/// definition costs no JS round trip per node or port.
/// </summary>
public sealed class ActivityNode : NodeModel
{
    public const double Width = 200;
    public const double Height = 84;
    public const double PortSize = 14;

    public ActivityNode(ActivityDefinition activity, ActivityTypeInfo? type, Point position) : base(activity.Id, position)
    {
        ControlledSize = true;
        Size = new Size(Width, Height);
        Activity = activity;
        Type = type;
        if (type?.HasInPort ?? true)
        {
            InPort = (ActivityPort)AddPort(new ActivityPort(this, Core.Activities.Ports.In, isInput: true));
        }
        LayOutPorts();
    }

    public ActivityDefinition Activity { get; }

    /// <summary>Null when the designer does not know the type: the node still shows, marked unknown.</summary>
    public ActivityTypeInfo? Type { get; }

    public ActivityPort? InPort { get; }

    public IReadOnlyList<DesignerProblem> Problems { get; set; } = [];

    /// <summary>
    /// Bumped whenever what the node shows changes (its activity's properties, its problems), so the widget can skip
    /// re-rendering when the node only moved: a drag step then redraws the node's position, not its content.
    /// </summary>
    public int ContentVersion { get; private set; }

    public void ContentChanged() => ContentVersion++;

    /// <summary>A drag reports every pointer move, most of which snap to where the node already is: those change nothing.</summary>
    public override void SetPosition(double x, double y)
    {
        if (x != Position.X || y != Position.Y)
        {
            base.SetPosition(x, y);
        }
    }

    public IEnumerable<ActivityPort> OutPorts => Ports.OfType<ActivityPort>().Where(p => !p.IsInput);

    public ActivityPort? OutPort(string name) => OutPorts.FirstOrDefault(p => p.Name == name);

    /// <summary>Where a port sits relative to the node's top-left corner: In centred on the top edge, outcomes spread evenly on the bottom edge.</summary>
    public Point Offset(ActivityPort port)
    {
        if (port.IsInput)
        {
            return new Point((Width - PortSize) / 2, -PortSize / 2);
        }
        var outs = OutPorts.ToList();
        var centre = Width * (outs.IndexOf(port) + 0.5) / outs.Count;
        return new Point(Math.Round(centre - PortSize / 2), Height - PortSize / 2);
    }

    /// <summary>
    /// Brings the outcome ports in line with <paramref name="names"/>: new ones are added, missing ones removed with
    /// their links (removed links are returned so the caller can drop them from the diagram).
    /// </summary>
    public IReadOnlyList<BaseLinkModel> SyncOutPorts(IReadOnlyList<string> names)
    {
        var orphaned = new List<BaseLinkModel>();
        foreach (var port in OutPorts.Where(p => !names.Contains(p.Name)).ToList())
        {
            orphaned.AddRange(port.Links);
            RemovePort(port);
        }
        foreach (var name in names.Where(n => OutPort(n) is null))
        {
            AddPort(new ActivityPort(this, name, isInput: false));
        }
        LayOutPorts();
        return orphaned;
    }

    /// <summary>Places every port by <see cref="Offset"/> and marks it measured, so the diagram's renderer skips its JS measurement.</summary>
    private void LayOutPorts()
    {
        foreach (var port in Ports.OfType<ActivityPort>())
        {
            var offset = Offset(port);
            port.Position = new Point(Position.X + offset.X, Position.Y + offset.Y);
            port.Size = new Size(PortSize, PortSize);
            port.Initialized = true;
        }
    }
}

public sealed class ActivityPort(ActivityNode parent, string name, bool isInput)
    : PortModel($"{parent.Id}:{(isInput ? "in" : "out")}:{name}", parent, isInput ? PortAlignment.Top : PortAlignment.Bottom)
{
    public string Name { get; } = name;
    public bool IsInput { get; } = isInput;

    /// <summary>Links run from an outcome port to another activity's In port (or onto the node, meaning its In port).</summary>
    public override bool CanAttachTo(ILinkable other) => !IsInput && other switch
    {
        ActivityPort { IsInput: true } port => port.Parent != Parent,
        ActivityNode { InPort: not null } node => node != Parent,
        _ => false,
    };
}
