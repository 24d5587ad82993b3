using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Workflows.Persistence.Instances;
using Workflows.Persistence.Timers;
using Workflows.Scheduling.Hosting;

namespace Workflows.Scheduling.Timers;

/// <summary>
/// The fast path for the timers this node planned: an alarm at each new or moved timer's due instant (to the next
/// <see cref="Slot"/>) wakes one loop that does a <see cref="TimerTickJob"/>'s work there and then, instead of waiting for
/// the whole second, Hangfire's schedule poll and its queue poll. It only makes firing earlier: the Hangfire tick is
/// still scheduled and fires whatever this node did not (it stopped or crashed, or another node planned the timer),
/// and when both fire one timer the instance's version check in the database lets one burst commit and turns the
/// other into a no-op (<see cref="TimerJobs"/>). Nothing armed, nothing runs: at idle it costs no query.
/// </summary>
public sealed class TimerAlarms(IServiceScopeFactory scopes, TimeProvider time, IOptions<SchedulingOptions> options, ILogger<TimerAlarms> logger)
    : BackgroundService, ICommitFollowUp
{
    /// <summary>Timers due within one slot share an alarm, so a burst of a thousand costs at most ten wake-ups a second.</summary>
    public static readonly TimeSpan Slot = TimeSpan.FromMilliseconds(100);

    private readonly Dictionary<DateTimeOffset, ITimer> _alarms = [];
    // One pending ring is enough: the loop reads every due row, so rings during a pass only ask for one more pass.
    private readonly Channel<bool> _rings = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private bool _stopped;

    public void Committed(string instanceId, IReadOnlyList<TimerRecord> timers, IReadOnlyList<OutboxMessage> messages, IReadOnlySet<string> reached)
    {
        if (options.Value.InProcessFiringHorizon == TimeSpan.Zero)
        {
            return;
        }
        var horizon = time.GetUtcNow() + options.Value.InProcessFiringHorizon;
        foreach (var at in timers.Where(t => t.DueAt <= horizon).Select(t => SlotFor(t.DueAt)).Distinct())
        {
            Arm(at);
        }
    }

    /// <summary>The end of the slot <paramref name="dueAt"/> falls in: an alarm then finds the timer due.</summary>
    public static DateTimeOffset SlotFor(DateTimeOffset dueAt) =>
        new((dueAt.UtcTicks + Slot.Ticks - 1) / Slot.Ticks * Slot.Ticks, TimeSpan.Zero);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_alarms)
        {
            _stopped = true;
            foreach (var alarm in _alarms.Values)
            {
                alarm.Dispose();
            }
            _alarms.Clear();
        }
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var _ in _rings.Reader.ReadAllAsync(stoppingToken))
        {
            var now = time.GetUtcNow();
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<TimerTickJob>().FireDueAsync(now, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The rows stay, so the Hangfire tick fires them.
                logger.LogError(ex, "In-process timer firing at {At} failed; the Hangfire tick will fire its timers", now);
            }
        }
    }

    private void Arm(DateTimeOffset at)
    {
        var wait = at - time.GetUtcNow();
        lock (_alarms)
        {
            if (_stopped || _alarms.ContainsKey(at))
            {
                return;
            }
            if (wait > TimeSpan.Zero)
            {
                _alarms[at] = time.CreateTimer(Ring, at, wait, Timeout.InfiniteTimeSpan);
                return;
            }
        }
        _rings.Writer.TryWrite(true);
    }

    private void Ring(object? state)
    {
        var at = (DateTimeOffset)state!;
        lock (_alarms)
        {
            if (!_alarms.Remove(at, out var alarm))
            {
                return;
            }
            alarm.Dispose();
        }
        // The timer runs on a monotonic clock and the rows' due times on the wall clock: if the wall clock is still
        // short of the slot, the rows would not look due yet, so wait out the difference.
        Arm(at);
    }
}
