using System.Collections.Concurrent;

namespace Workflows.Scheduling.Timers;

/// <summary>
/// The seconds for which this node has already scheduled a <see cref="TimerTickJob"/>, so that a thousand timers
/// falling due in one second cost one Hangfire job, not a thousand. Node-local: another node may schedule its own
/// tick for the same second, which only repeats idempotent work.
/// </summary>
public sealed class TimerTickPlan(TimeProvider time)
{
    private static readonly TimeSpan Keep = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<long, byte> _seconds = new();

    /// <summary>The whole second at or after <paramref name="dueAt"/>: a tick then finds the timer due.</summary>
    public static DateTimeOffset TickFor(DateTimeOffset dueAt)
    {
        var seconds = dueAt.ToUnixTimeMilliseconds();
        return DateTimeOffset.FromUnixTimeSeconds((seconds + 999) / 1000);
    }

    /// <returns>True when no tick was planned for this second yet; the caller schedules it.</returns>
    public bool TryPlan(DateTimeOffset tick)
    {
        var second = tick.ToUnixTimeSeconds();
        if (!_seconds.TryAdd(second, 0))
        {
            return false;
        }
        if (_seconds.Count > 1024)
        {
            var past = (time.GetUtcNow() - Keep).ToUnixTimeSeconds();
            foreach (var old in _seconds.Keys.Where(s => s < past))
            {
                _seconds.TryRemove(old, out _);
            }
        }
        return true;
    }
}
