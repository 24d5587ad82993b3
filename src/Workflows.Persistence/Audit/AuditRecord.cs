namespace Workflows.Persistence.Audit;

/// <summary>
/// One security-relevant event (安全审计): who did what, when, from where. Rows are only ever inserted; each carries
/// the hash of the previous row, so an edited or deleted row breaks the chain from there on.
/// </summary>
public sealed class AuditRecord
{
    /// <summary>1, 2, 3, … without gaps; unique, so two nodes appending at once cannot both take the same place.</summary>
    public long Sequence { get; set; }
    public DateTimeOffset At { get; set; }
    /// <summary>The signed-in person, or the user name tried at a failed sign-in.</summary>
    public string Actor { get; set; } = "";
    /// <summary>The caller's IP address as the server saw it.</summary>
    public string? Address { get; set; }
    /// <summary>What happened, e.g. <c>auth.sign-in</c>, <c>org.user.update</c>.</summary>
    public string Action { get; set; } = "";
    /// <summary>What it happened to: a user name, a definition id, an instance id.</summary>
    public string? Target { get; set; }
    /// <summary>JSON: the outcome, and before/after where it applies.</summary>
    public string? Details { get; set; }
    public string PreviousHash { get; set; } = "";
    /// <summary>SHA-256 (hex) over the previous hash and this row's fields.</summary>
    public string Hash { get; set; } = "";
}
