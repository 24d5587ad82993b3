namespace Workflows.Designer.Services;

/// <summary>Start triggers for administrators: scheduled and HTTP starts of published workflows, and HTTP endpoints' API keys (/api/start-triggers).</summary>
public interface IStartTriggersClient
{
    Task<IReadOnlyList<StartTriggerEntry>> ListAsync(CancellationToken cancellationToken);

    /// <summary>A new key for the definition's HTTP endpoint; <see cref="KeyIssued.Key"/> is the only time it can be read.</summary>
    Task<KeyIssued> IssueKeyAsync(string definitionId, string name, CancellationToken cancellationToken);

    Task<AdminResult> RevokeKeyAsync(string definitionId, string keyId, CancellationToken cancellationToken);
}

/// <param name="Kind">Timer, Cron or HttpEndpoint.</param>
/// <param name="Registered">Whether the recurring job of a Timer or Cron exists.</param>
public sealed record StartTriggerEntry(
    string DefinitionId, string Name, int Version, string Kind, string? Cron, string TimeZone, DateTimeOffset? NextStart,
    bool Registered, DateTimeOffset? LastStart, string? Path, IReadOnlyList<ApiKeyEntry> Keys);

public sealed record ApiKeyEntry(string Id, string Name, string Prefix, DateTimeOffset CreatedAt, string? CreatedBy, DateTimeOffset? RevokedAt);

public sealed record KeyIssued(AdminResult Result, string? Key);
