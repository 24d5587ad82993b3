using Hangfire;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Workflows.Scheduling.Email;
using Workflows.Scheduling.Timers;

namespace Workflows.Scheduling.Hosting;

/// <summary>
/// Turns committed bursts into Hangfire jobs on one background thread: a tick job per second this node has not planned
/// yet, and the new e-mails in jobs of <see cref="MessagesPerJob"/>, so a notice to a role of two hundred people is ten
/// jobs, not two hundred. Anything still queued when the process dies is in the database, where the sweep finds it.
/// </summary>
internal sealed class FollowUpDispatcher(FollowUpQueue queue, IBackgroundJobClient jobs, TimerTickPlan ticks, ILogger<FollowUpDispatcher> logger)
    : BackgroundService
{
    /// <summary>Small enough that Hangfire's workers still send a large notice in parallel.</summary>
    public const int MessagesPerJob = 20;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await queue.Reader.WaitToReadAsync(stoppingToken))
            {
                Dispatch();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // What committed before a graceful stop still gets its jobs now rather than a sweep later.
        Dispatch();
    }

    private void Dispatch()
    {
        var waiting = new List<FollowUp>();
        while (queue.Reader.TryRead(out var followUp))
        {
            waiting.Add(followUp);
        }
        if (waiting.Count == 0)
        {
            return;
        }
        try
        {
            foreach (var tick in waiting.SelectMany(f => f.Ticks).Distinct().Where(ticks.TryPlan))
            {
                jobs.Schedule<TimerTickJob>(j => j.FireDueAsync(tick, CancellationToken.None), tick);
            }
            foreach (var batch in waiting.SelectMany(f => f.MessageIds).Chunk(MessagesPerJob))
            {
                jobs.Enqueue<OutboxSender>(s => s.SendEachAsync(batch, CancellationToken.None));
            }
        }
        // The bursts are committed whatever happens here; the sweep schedules what this could not.
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Could not schedule jobs for {Bursts} committed bursts; the sweep will", waiting.Count);
        }
    }
}
