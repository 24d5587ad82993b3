using System.Runtime.CompilerServices;
using Workflows.Core.Activities;
using Workflows.Core.Definitions;

namespace Workflows.Core.Runtime;

/// <summary>The definition's graph, indexed for the runner; built once per definition object.</summary>
internal sealed class Flowchart
{
    private static readonly ConditionalWeakTable<WorkflowDefinition, Flowchart> Cache = new();

    private readonly Dictionary<string, ActivityDefinition> _activities = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Activity, string Port), List<ConnectionDefinition>> _outbound = [];
    private readonly Dictionary<string, List<string>> _inboundKeys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _ancestors = new(StringComparer.Ordinal);

    private Flowchart(WorkflowDefinition definition)
    {
        foreach (var activity in definition.Root.Activities)
        {
            _activities.TryAdd(activity.Id, activity);
        }
        foreach (var connection in definition.Root.Connections)
        {
            var key = (connection.Source.Activity, connection.Source.Port);
            if (!_outbound.TryGetValue(key, out var list))
            {
                _outbound[key] = list = [];
            }
            list.Add(connection);
            if (!_inboundKeys.TryGetValue(connection.Target.Activity, out var inbound))
            {
                _inboundKeys[connection.Target.Activity] = inbound = [];
            }
            inbound.Add(connection.Key);
        }
        Start = definition.Root.Activities.FirstOrDefault(a => Triggers.StartTypes.IsStart(a.Type));
        Connections = definition.Root.Connections;
    }

    public ActivityDefinition? Start { get; }
    public IReadOnlyList<ConnectionDefinition> Connections { get; }

    public static Flowchart Of(WorkflowDefinition definition) => Cache.GetValue(definition, d => new Flowchart(d));

    public ActivityDefinition? Find(string activityId) => _activities.GetValueOrDefault(activityId);

    public IReadOnlyList<ConnectionDefinition> Outbound(string activityId, string port) =>
        _outbound.TryGetValue((activityId, port), out var list) ? list : [];

    public IReadOnlyList<string> InboundKeys(string activityId) =>
        _inboundKeys.TryGetValue(activityId, out var list) ? list : [];

    /// <summary>Activities from which <paramref name="activityId"/> can be reached without passing through it.</summary>
    public IReadOnlySet<string> Ancestors(string activityId)
    {
        lock (_ancestors)
        {
            if (_ancestors.TryGetValue(activityId, out var known))
            {
                return known;
            }
            var found = new HashSet<string>(StringComparer.Ordinal);
            var pending = new Stack<string>([activityId]);
            while (pending.TryPop(out var current))
            {
                foreach (var connection in Connections.Where(c => c.Target.Activity == current))
                {
                    var source = connection.Source.Activity;
                    if (source != activityId && found.Add(source))
                    {
                        pending.Push(source);
                    }
                }
            }
            _ancestors[activityId] = found;
            return found;
        }
    }

    public bool IsJoin(ActivityDefinition activity) => activity.Type == JoinType;

    private const string JoinType = nameof(Join);
}
