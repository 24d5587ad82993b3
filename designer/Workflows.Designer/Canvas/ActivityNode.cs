using Blazor.Diagrams.Core.Geometry;
using Blazor.Diagrams.Core.Models;
using Blazor.Diagrams.Core.Models.Base;
using Workflows.Core.Definitions;
using Workflows.Designer.Services;

namespace Workflows.Designer.Canvas;

/// <summary>A node on the canvas: one activity of the definition, with an In port and one port per outcome.</summary>
public sealed class ActivityNode : NodeModel
{
    public ActivityNode(ActivityDefinition activity, ActivityTypeInfo? type, Point position) : base(activity.Id, position)
    {
        Activity = activity;
        Type = type;
        if (type?.HasInPort ?? true)
        {
            InPort = (ActivityPort)AddPort(new ActivityPort(this, Core.Activities.Ports.In, isInput: true));
        }
    }

    public ActivityDefinition Activity { get; }

    /// <summary>Null when the designer does not know the type: the node still shows, marked unknown.</summary>
    public ActivityTypeInfo? Type { get; }

    public ActivityPort? InPort { get; }

    public IReadOnlyList<DesignerProblem> Problems { get; set; } = [];

    public IEnumerable<ActivityPort> OutPorts => Ports.OfType<ActivityPort>().Where(p => !p.IsInput);

    public ActivityPort? OutPort(string name) => OutPorts.FirstOrDefault(p => p.Name == name);

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
        return orphaned;
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
