using System.Collections.Concurrent;
using System.Threading.Channels;
using Workflows.Designer.Services;
using Workflows.Persistence.Changes;
using Workflows.Persistence.Instances;
using Workflows.Persistence.Timers;

namespace Workflows.Server.Instances;

/// <summary>
/// Hears every committed step of this node (and documents issued here) and tells the open pages watching that
/// matter, so they refresh at once; with several nodes, <see cref="ChangeRelay"/> carries them to and from the
/// others through the database's <see cref="IChangeBackplane"/>.
/// </summary>
public sealed class InstanceChanges(ILogger<InstanceChanges> logger, ChangeBackplanes backplanes) : IWorkChanges, ICommitFollowUp
{
    private readonly ConcurrentDictionary<Watcher, byte> _watchers = new();

    // Bounded: when the database is away, the oldest doorbells go first; pages still have their fallback look.
    private readonly Channel<string> _outgoing = Channel.CreateBounded<string>(new BoundedChannelOptions(10_000)
    {
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = true,
    });

    /// <summary>Changes made on this node, for <see cref="ChangeRelay"/> to announce to the others.</summary>
    internal ChannelReader<string> Outgoing => _outgoing.Reader;

    public IDisposable Watch(string? instanceId, Action changed)
    {
        var watcher = new Watcher(this, instanceId, changed);
        _watchers.TryAdd(watcher, 0);
        return watcher;
    }

    public void Committed(string instanceId, IReadOnlyList<TimerRecord> timers, IReadOnlyList<OutboxMessage> messages) => Publish(instanceId);

    /// <summary>A matter changed on this node: its pages here hear at once, the other nodes through the backplane.</summary>
    public void Publish(string instanceId)
    {
        Tell(instanceId);
        if (backplanes.Configured is not null)
        {
            _outgoing.Writer.TryWrite(instanceId);
        }
    }

    /// <summary>A matter changed on another node.</summary>
    internal void Heard(string instanceId) => Tell(instanceId);

    private void Tell(string instanceId)
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
