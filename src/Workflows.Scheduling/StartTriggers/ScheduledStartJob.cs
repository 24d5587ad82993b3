using System.Security.Cryptography;
using System.Text;
using Hangfire;
using Hangfire.Server;
using Microsoft.Extensions.Logging;
using Workflows.Core.Runtime;

namespace Workflows.Scheduling.StartTriggers;

/// <summary>
/// What a Timer or Cron start's recurring job runs: one new instance of the published version. A definition that
/// is no longer published (or no longer starts on a schedule) loses its recurring job instead.
/// </summary>
public sealed class ScheduledStartJob(WorkflowEngine engine, StartTriggerSchedule schedule, ILogger<ScheduledStartJob> logger)
{
    /// <summary>
    /// A start that failed on a passing fault (a busy database) is retried; the instance id comes from the Hangfire
    /// job, so a retry after a start that did commit finds it instead of starting the matter twice.
    /// </summary>
    [AutomaticRetry(Attempts = 5, DelaysInSeconds = [5, 15, 30, 60, 120], LogEvents = true)]
    public async Task StartAsync(string definitionId, PerformContext? context, CancellationToken cancellationToken)
    {
        if (!await schedule.SyncAsync(definitionId, cancellationToken))
        {
            logger.LogInformation("Scheduled start of {DefinitionId} skipped: it no longer starts on a schedule", definitionId);
            return;
        }
        var instanceId = context is null ? null : InstanceIdFor(context.BackgroundJob.Id);
        try
        {
            var instance = await engine.StartAsync(new StartWorkflow(definitionId) { InstanceId = instanceId }, cancellationToken);
            logger.LogInformation("Scheduled start of {DefinitionId}: instance {InstanceId}", definitionId, instance.Id);
        }
        catch (WorkflowConcurrencyException) when (instanceId is not null)
        {
            logger.LogInformation("Scheduled start of {DefinitionId} was already made by an earlier attempt: instance {InstanceId}", definitionId, instanceId);
        }
    }

    /// <summary>The same 32-hex-digit form as every other instance id, fixed by the job that starts it.</summary>
    internal static string InstanceIdFor(string backgroundJobId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("scheduled-start:" + backgroundJobId)), 0, 16);
}
