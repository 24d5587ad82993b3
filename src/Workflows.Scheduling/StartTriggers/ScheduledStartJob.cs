using Hangfire;
using Microsoft.Extensions.Logging;
using Workflows.Core.Runtime;

namespace Workflows.Scheduling.StartTriggers;

/// <summary>
/// What a Timer or Cron start's recurring job runs: one new instance of the published version. A definition that
/// is no longer published (or no longer starts on a schedule) loses its recurring job instead.
/// </summary>
public sealed class ScheduledStartJob(WorkflowEngine engine, StartTriggerSchedule schedule, ILogger<ScheduledStartJob> logger)
{
    [AutomaticRetry(Attempts = 0)]
    public async Task StartAsync(string definitionId, CancellationToken cancellationToken)
    {
        if (!await schedule.SyncAsync(definitionId, cancellationToken))
        {
            logger.LogInformation("Scheduled start of {DefinitionId} skipped: it no longer starts on a schedule", definitionId);
            return;
        }
        var instance = await engine.StartAsync(new StartWorkflow(definitionId), cancellationToken);
        logger.LogInformation("Scheduled start of {DefinitionId}: instance {InstanceId}", definitionId, instance.Id);
    }
}
