using Microsoft.EntityFrameworkCore;
using Workflows.Core.Migration;
using Workflows.Core.Runtime;
using Workflows.Persistence;
using Workflows.Server.Audit;

namespace Workflows.Server.Instances.Migration;

/// <summary>
/// The running matters of one version, counted or moved one by one (each whole or not at all): the single and bulk
/// API and the designer. Every matter moved is recorded in the audit log, and a bulk move once more as a whole; dry
/// runs and refusals change nothing and are not recorded.
/// </summary>
public sealed class DefinitionMigration(WorkflowsDbContext db, InstanceMigrator migrator, IAuditTrail audit)
{
    public async Task<IReadOnlyList<RunningOnVersion>> RunningAsync(string definitionId, CancellationToken cancellationToken) =>
        await db.Instances.AsNoTracking()
            .Where(i => i.DefinitionId == definitionId && (i.Status == WorkflowStatus.Running || i.Status == WorkflowStatus.Faulted))
            .GroupBy(i => i.DefinitionVersion).OrderBy(g => g.Key).Select(g => new RunningOnVersion(g.Key, g.Count()))
            .ToListAsync(cancellationToken);

    /// <param name="instanceIds">The matters to move; null for every running matter of <paramref name="fromVersion"/>.</param>
    public async Task<BulkMigrationReport> RunAsync(string definitionId, int fromVersion, MigrateInstance command, IReadOnlyList<string>? instanceIds,
        string actor, bool dryRun, CancellationToken cancellationToken)
    {
        var running = await db.Instances.AsNoTracking()
            .Where(i => i.DefinitionId == definitionId && i.DefinitionVersion == fromVersion && (i.Status == WorkflowStatus.Running || i.Status == WorkflowStatus.Faulted))
            .OrderBy(i => i.CreatedAt).Select(i => i.Id).ToListAsync(cancellationToken);
        var reports = new List<MigrationReport>();
        foreach (var instanceId in (instanceIds ?? running).Distinct())
        {
            if (!running.Contains(instanceId))
            {
                reports.Add(new MigrationReport(instanceId, fromVersion, command.ToVersion, false, [], [$"not a running matter of '{definitionId}' version {fromVersion}"]));
                continue;
            }
            try
            {
                reports.Add(await MigrateOneAsync(instanceId, command, actor, dryRun, cancellationToken));
            }
            catch (Exception ex) when (ex is WorkflowCommandException or WorkflowConcurrencyException)
            {
                // Changed or ended meanwhile: this one stays as it is, the others go on.
                reports.Add(new MigrationReport(instanceId, fromVersion, command.ToVersion, false, [], [ex.Message]));
            }
        }
        var report = new BulkMigrationReport(dryRun, reports.Count(r => r.Migrated), reports.Count(r => r.Refused), reports);
        if (!dryRun)
        {
            await audit.RecordAsync(AuditActions.DefinitionMigrate, definitionId, new
            {
                fromVersion,
                command.ToVersion,
                command.ActivityMap,
                command.Reason,
                report.Migrated,
                report.Refused,
                refusedInstances = reports.Where(r => r.Refused).Select(r => new { r.InstanceId, r.Problems }),
            }, cancellationToken, actor);
        }
        return report;
    }

    /// <exception cref="WorkflowCommandException">No such instance or version, or the instance has ended.</exception>
    public async Task<MigrationReport> MigrateOneAsync(string instanceId, MigrateInstance command, string actor, bool dryRun, CancellationToken cancellationToken)
    {
        var report = await migrator.MigrateAsync(instanceId, command, actor, dryRun, cancellationToken);
        if (report.Migrated)
        {
            await audit.RecordAsync(AuditActions.InstanceMigrate, instanceId, new
            {
                report.FromVersion,
                report.ToVersion,
                command.ActivityMap,
                command.Reason,
                moves = report.Moves.Select(m => $"{m.From} → {m.To}"),
            }, cancellationToken, actor);
        }
        return report;
    }
}
