using Workflows.Core.Migration;
using Workflows.Designer.Services;
using Workflows.Persistence.Definitions;
using Workflows.Server.Auth;
using Workflows.Server.Instances.Migration;
using Workflows.Server.Simulation;

namespace Workflows.Server.Ui;

/// <summary>The designer's 试运行 and 迁移, with the REST API's rules: designers simulate and count, administrators migrate.</summary>
internal sealed class ServerTrialRunClient(UserCircuit circuit) : ITrialRunClient
{
    public Task<WorkResult<TrialRun>> SimulateAsync(string definitionId, TrialRequest request, CancellationToken cancellationToken) =>
        circuit.RunAsync(async (sp, user) =>
        {
            if (!user.IsInRole(Roles.Designer) && !user.IsAdmin())
            {
                return WorkResult<TrialRun>.Fail("only designers and administrators run a procedure on trial");
            }
            var definition = await sp.GetRequiredService<EfWorkflowDefinitionStore>().GetAsync(definitionId, VersionSelector.Latest, cancellationToken);
            if (definition is null)
            {
                return WorkResult<TrialRun>.Fail($"no definition '{definitionId}'");
            }
            var ask = new SimulateRequest(null, request.Input, request.StartAt,
                [.. request.Steps.Select(s => new SimulatedAction(s.ActivityId, s.Outcome, s.AfterWorkingDays, null, null, null))], request.UntilIdle);
            var result = await sp.GetRequiredService<DefinitionSimulator>().RunAsync(definition, ask, user.UserName(), cancellationToken);
            return WorkResult<TrialRun>.Success(new TrialRun(result.Status,
                [.. result.Timeline.Select(e => new TrialEvent(e.At, e.ActivityId, e.Event, e.Outcome, e.Assignees, e.DueAt, e.HardDueAt,
                    [.. e.Emails.Select(m => new TrialEmail(m.Kind, m.To, m.Subject))], [.. e.Documents.Select(d => d.Title)]))],
                result.Problems, result.Waiting));
        });

    public Task<IReadOnlyList<VersionRunning>> RunningAsync(string definitionId, CancellationToken cancellationToken) =>
        circuit.RunAsync(async (sp, user) =>
        {
            if (!user.IsInRole(Roles.Designer) && !user.IsAdmin())
            {
                return [];
            }
            var counts = await sp.GetRequiredService<DefinitionMigration>().RunningAsync(definitionId, cancellationToken);
            return (IReadOnlyList<VersionRunning>)[.. counts.Select(c => new VersionRunning(c.Version, c.Running))];
        });

    public Task<WorkResult<MigrationPlan>> MigrateAsync(
        string definitionId, int fromVersion, int toVersion, IReadOnlyDictionary<string, string> activityMap, bool dryRun, CancellationToken cancellationToken) =>
        circuit.RunAsync(async (sp, user) =>
        {
            if (!user.IsAdmin())
            {
                return WorkResult<MigrationPlan>.Fail("only administrators move running matters");
            }
            var report = await sp.GetRequiredService<DefinitionMigration>().RunAsync(definitionId, fromVersion,
                new MigrateInstance(toVersion, activityMap, "迁移 from the designer"), null, user.UserName(), dryRun, cancellationToken);
            return WorkResult<MigrationPlan>.Success(new MigrationPlan(report.DryRun, report.Migrated, report.Refused,
                [.. report.Instances.Select(r => new MigrationPlanItem(r.InstanceId, r.Migrated, [.. r.Moves.Select(m => $"{m.From} → {m.To}")], r.Problems))]));
        });
}
