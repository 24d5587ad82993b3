using System.Collections.Concurrent;
using Workflows.Designer.Services;
using Workflows.Persistence.Instances;
using Workflows.Persistence.Timers;

namespace Workflows.Server.Instances;

/// <summary>
/// Hears every committed step of this node (and documents issued here) and tells the open pages watching that
/// matter, so they refresh at once. Changes on other nodes reach pages through their fallback look.
/// </summary>
public sealed class InstanceChanges(ILogger<InstanceChanges> logger) : IWorkChanges, ICommitFollowUp
{
    private readonly ConcurrentDictionary<Watcher, byte> _watchers = new();

    public IDisposable Watch(string? instanceId, Action changed)
    {
        var watcher = new Watcher(this, instanceId, changed);
        _watchers.TryAdd(watcher, 0);
        return watcher;
    }

    public void Committed(string instanceId, IReadOnlyList<TimerRecord> timers, IReadOnlyList<OutboxMessage> messages) => Publish(instanceId);

    public void Publish(string instanceId)
    {
        foreach (var watcher in _watchers.Keys.Where(w => w.InstanceId is null || w.InstanceId == instanceId))
        {
            try
            {
                watcher.Changed();
            }
            // A page's mistake must not undo or delay the step that was saved.
            catch (Exception ex)
            {
                logger.LogWarning(ex, "A page watching instance {InstanceId} failed to hear of a change", instanceId);
            }
        }
    }

    private sealed class Watcher(InstanceChanges owner, string? instanceId, Action changed) : IDisposable
    {
        public string? InstanceId { get; } = instanceId;

        public Action Changed { get; } = changed;

        public void Dispose() => owner._watchers.TryRemove(this, out _);
    }
}
