using Hangfire;
using Microsoft.Extensions.Hosting;
using Workflows.Scheduling.Timers;

namespace Workflows.Scheduling.Hosting;

/// <summary>At start: the sweep every minute, and once now, for what a previous process left unscheduled.</summary>
internal sealed class RecurringSweep(IRecurringJobManager recurring, IBackgroundJobClient jobs) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        recurring.AddOrUpdate<SweepJob>(SweepJob.RecurringJobId, s => s.SweepAsync(CancellationToken.None), Cron.Minutely());
        jobs.Enqueue<SweepJob>(s => s.SweepAsync(CancellationToken.None));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
