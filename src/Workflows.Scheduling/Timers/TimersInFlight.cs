using System.Collections.Concurrent;

namespace Workflows.Scheduling.Timers;

/// <summary>The timers this node is firing right now, so overlapping ticks do not fire one twice at once.</summary>
public sealed class TimersInFlight
{
    private readonly ConcurrentDictionary<string, byte> _ids = new();

    public bool TryClaim(string timerId) => _ids.TryAdd(timerId, 0);

    public void Release(string timerId) => _ids.TryRemove(timerId, out _);
}
