using System.Collections.Concurrent;
using System.Threading.Channels;
using Workflows.Designer.Services;
using Workflows.Persistence.Changes;
using Workflows.Persistence.Instances;
using Workflows.Persistence.Tasks;
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
    private readonly Channel<MatterChange> _outgoing = Channel.CreateBounded<MatterChange>(new BoundedChannelOptions(10_000)
    {
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = true,
    });

    /// <summary>Changes made on this node, for <see cref="ChangeRelay"/> to announce to the others.</summary>
    internal ChannelReader<MatterChange> Outgoing => _outgoing.Reader;

    public IDisposable Watch(string? instanceId, Action changed) => Add(new Watcher(this, instanceId, null, _ => changed()));

    public IDisposable WatchReach(IReadOnlyCollection<string> reach, Action changed) => Add(new Watcher(this, null, reach.ToHashSet(), _ => changed()));

    /// <summary>
    /// As <see cref="Watch"/> with no matter (<paramref name="reach"/> null) or <see cref="WatchReach"/>, telling
    /// <paramref name="changed"/> which matter changed, for those who keep what they read of each.
    /// </summary>
    public IDisposable WatchMatters(IReadOnlyCollection<string>? reach, Action<string> changed) =>
        Add(new Watcher(this, null, reach?.ToHashSet(), changed));

    private Watcher Add(Watcher watcher)
    {
        _watchers.TryAdd(watcher, 0);
        return watcher;
    }

    public void Committed(string instanceId, IReadOnlyList<TimerRecord> timers, IReadOnlyList<OutboxMessage> messages, IReadOnlySet<string> reached) =>
        Publish(instanceId, reached);

    /// <summary>
    /// A matter changed on this node: its pages here hear at once, the other nodes through the backplane.
    /// <paramref name="reached"/> names whose work changed (<see cref="WorkReach"/>); null when that is not known.
    /// </summary>
    public void Publish(string instanceId, IReadOnlySet<string>? reached = null)
    {
        Tell(instanceId, reached);
        if (backplanes.Configured is not null)
        {
            _outgoing.Writer.TryWrite(new MatterChange(instanceId, reached));
        }
    }

    /// <summary>A matter changed on another node.</summary>
    internal void Heard(MatterChange change) => Tell(change.InstanceId, change.Reached);

    private void Tell(string instanceId, IReadOnlySet<string>? reached)
    {
        foreach (var watcher in _watchers.Keys.Where(w => w.Hears(instanceId, reached)))
        {
            try
            {
                watcher.Changed(instanceId);
            }
            // A page's mistake must not undo or delay the step that was saved.
            catch (Exception ex)
            {
                logger.LogWarning(ex, "A page watching instance {InstanceId} failed to hear of a change", instanceId);
            }
        }
    }

    /// <summary>Watches one matter, every matter (neither given), or the work reaching someone through <paramref name="reach"/>.</summary>
    private sealed class Watcher(InstanceChanges owner, string? instanceId, HashSet<string>? reach, Action<string> changed) : IDisposable
    {
        public Action<string> Changed { get; } = changed;

        public bool Hears(string changedInstanceId, IReadOnlySet<string>? reached) =>
            reach is not null ? reached is null || reach.Overlaps(reached) : instanceId is null || instanceId == changedInstanceId;

        public void Dispose() => owner._watchers.TryRemove(this, out _);
    }
}
