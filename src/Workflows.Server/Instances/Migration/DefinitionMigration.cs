using Microsoft.EntityFrameworkCore;
using Workflows.Core.Migration;
using Workflows.Core.Runtime;
using Workflows.Persistence;

namespace Workflows.Server.Instances.Migration;

/// <summary>The running matters of one version, counted or moved one by one (each whole or not at all): the bulk API and the designer.</summary>
public sealed class DefinitionMigration(WorkflowsDbContext db, InstanceMigrator migrator)
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
                reports.Add(await migrator.MigrateAsync(instanceId, command, actor, dryRun, cancellationToken));
            }
            catch (Exception ex) when (ex is WorkflowCommandException or WorkflowConcurrencyException)
            {
                // Changed or ended meanwhile: this one stays as it is, the others go on.
                reports.Add(new MigrationReport(instanceId, fromVersion, command.ToVersion, false, [], [ex.Message]));
            }
        }
        return new BulkMigrationReport(dryRun, reports.Count(r => r.Migrated), reports.Count(r => r.Refused), reports);
    }
}
