namespace Workflows.Persistence.Triggers;

/// <summary>
/// A key an administrator issued for one definition's HTTP endpoint. Only its SHA-256 hash is kept (the key is
/// shown once, when issued); <see cref="Prefix"/> lets people tell keys apart. A revoked key stays for the record.
/// </summary>
public sealed class ApiKeyRecord
{
    public string Id { get; set; } = "";
    public string DefinitionId { get; set; } = "";
    public string Name { get; set; } = "";
    public string Prefix { get; set; } = "";
    public string Hash { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevokedBy { get; set; }
}
