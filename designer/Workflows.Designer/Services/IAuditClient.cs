namespace Workflows.Designer.Services;

/// <summary>The security audit log for administrators (/api/audit): search and chain verification.</summary>
public interface IAuditClient
{
    /// <param name="action">A prefix of the action name, such as <c>auth.</c> or <c>org.user</c>; null for all.</param>
    Task<AuditSearchResult> SearchAsync(DateTimeOffset? from, DateTimeOffset? to, string? user, string? action, int page, CancellationToken cancellationToken);

    Task<AuditChainCheck> VerifyAsync(CancellationToken cancellationToken);
}

public sealed record AuditEntryView(long Sequence, DateTimeOffset At, string Actor, string? Address, string Action, string? Target, string? Details);

public sealed record AuditSearchResult(IReadOnlyList<AuditEntryView> Items, int Total, int PageSize);

/// <summary>How many records were checked and, when the chain is broken, the first broken one and why.</summary>
public sealed record AuditChainCheck(long Checked, long? BrokenAt, string? Reason);
