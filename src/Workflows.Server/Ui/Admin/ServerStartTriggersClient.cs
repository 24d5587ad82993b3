using Workflows.Designer.Services;
using Workflows.Persistence.Definitions;
using Workflows.Scheduling.StartTriggers;
using Workflows.Server.Audit;
using Workflows.Server.Triggers;

namespace Workflows.Server.Ui.Admin;

/// <summary>The start triggers page, through the same schedule, key store and audit as /api/start-triggers.</summary>
internal sealed class ServerStartTriggersClient(AdminCircuit circuit) : IStartTriggersClient
{
    public Task<IReadOnlyList<StartTriggerEntry>> ListAsync(CancellationToken cancellationToken) => circuit.RunAsync(async (sp, _) =>
    {
        var keys = sp.GetRequiredService<ApiKeys>();
        List<StartTriggerEntry> entries = [];
        foreach (var t in await sp.GetRequiredService<StartTriggerSchedule>().ListAsync(cancellationToken))
        {
            var issued = t.Path is null ? [] : await keys.ListAsync(t.DefinitionId, cancellationToken);
            entries.Add(new StartTriggerEntry(t.DefinitionId, t.Name, t.Version, t.Kind, t.Cron, t.TimeZone, t.NextStart, t.Registered, t.LastStart, t.Path,
                [.. issued.Select(k => new ApiKeyEntry(k.Id, k.Name, k.Prefix, k.CreatedAt, k.CreatedBy, k.RevokedAt))]));
        }
        return (IReadOnlyList<StartTriggerEntry>)entries;
    });

    public Task<KeyIssued> IssueKeyAsync(string definitionId, string name, CancellationToken cancellationToken) => circuit.RunAsync(async (sp, user) =>
    {
        if (ApiKeys.NameProblem(name) is { } problem)
        {
            return new KeyIssued(AdminResult.Invalid(new Dictionary<string, string[]> { ["name"] = [problem] }), null);
        }
        if (await sp.GetRequiredService<EfWorkflowDefinitionStore>().ListVersionsAsync(definitionId, cancellationToken) is not { Count: > 0 })
        {
            return new KeyIssued(AdminResult.Failed($"no workflow definition '{definitionId}'"), null);
        }
        var issued = await sp.GetRequiredService<ApiKeys>().IssueAsync(definitionId, name, user.Identity?.Name, cancellationToken);
        await sp.GetRequiredService<IAuditTrail>().RecordAsync(AuditActions.ApiKeyIssue, definitionId,
            new { keyId = issued.Info.Id, issued.Info.Name, issued.Info.Prefix }, cancellationToken);
        return new KeyIssued(AdminResult.Done, issued.Key);
    });

    public Task<AdminResult> RevokeKeyAsync(string definitionId, string keyId, CancellationToken cancellationToken) => circuit.RunAsync(async (sp, user) =>
    {
        if (!await sp.GetRequiredService<ApiKeys>().RevokeAsync(definitionId, keyId, user.Identity?.Name, cancellationToken))
        {
            return AdminResult.Failed($"definition '{definitionId}' has no API key '{keyId}'");
        }
        await sp.GetRequiredService<IAuditTrail>().RecordAsync(AuditActions.ApiKeyRevoke, definitionId, new { keyId }, cancellationToken);
        return AdminResult.Done;
    });
}
