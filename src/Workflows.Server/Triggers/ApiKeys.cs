using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Workflows.Persistence;
using Workflows.Persistence.Triggers;

namespace Workflows.Server.Triggers;

/// <summary>
/// API keys for HTTP endpoint workflows: issued by an administrator for one definition, shown once, kept only as a
/// SHA-256 hash (a key is 256 random bits, so a plain hash cannot be guessed back), and revoked by marking them.
/// </summary>
public sealed class ApiKeys(IDbContextFactory<WorkflowsDbContext> contexts, TimeProvider time)
{
    public const string Header = "X-Api-Key";
    private const string KeyPrefix = "wfk_";
    private const int ShownPrefixLength = 12;
    public const int MaxNameLength = 100;

    /// <summary>Why a key's name is refused, or null: it says who uses the key.</summary>
    public static string? NameProblem(string? name) =>
        string.IsNullOrWhiteSpace(name) || name.Trim().Length > MaxNameLength
            ? $"name the key by who uses it (1 to {MaxNameLength} characters), e.g. 一网通办门户"
            : null;

    public async Task<IssuedApiKey> IssueAsync(string definitionId, string name, string? actor, CancellationToken cancellationToken)
    {
        var key = KeyPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var record = new ApiKeyRecord
        {
            Id = Guid.NewGuid().ToString("N"),
            DefinitionId = definitionId,
            Name = name.Trim(),
            Prefix = key[..ShownPrefixLength],
            Hash = Hash(key),
            CreatedAt = time.GetUtcNow(),
            CreatedBy = actor,
        };
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.ApiKeys.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        return new IssuedApiKey(ApiKeyInfo.From(record), key);
    }

    public async Task<IReadOnlyList<ApiKeyInfo>> ListAsync(string definitionId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.ApiKeys.AsNoTracking().Where(k => k.DefinitionId == definitionId).ToListAsync(cancellationToken);
        return [.. rows.OrderByDescending(k => k.CreatedAt).Select(ApiKeyInfo.From)];
    }

    /// <summary>False when the definition has no such key; revoking a revoked key changes nothing and is true.</summary>
    public async Task<bool> RevokeAsync(string definitionId, string keyId, string? actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var record = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == keyId && k.DefinitionId == definitionId, cancellationToken);
        if (record is null)
        {
            return false;
        }
        if (record.RevokedAt is null)
        {
            record.RevokedAt = time.GetUtcNow();
            record.RevokedBy = actor;
            await db.SaveChangesAsync(cancellationToken);
        }
        return true;
    }

    /// <summary>The key's record when it is a live key of <paramref name="definitionId"/>, else null.</summary>
    public async Task<ApiKeyInfo?> VerifyAsync(string definitionId, string key, CancellationToken cancellationToken)
    {
        var hash = Hash(key.Trim());
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var record = await db.ApiKeys.AsNoTracking()
            .FirstOrDefaultAsync(k => k.Hash == hash && k.DefinitionId == definitionId && k.RevokedAt == null, cancellationToken);
        return record is null ? null : ApiKeyInfo.From(record);
    }

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>A key as listed: never the key itself, only its first characters.</summary>
public sealed record ApiKeyInfo(string Id, string DefinitionId, string Name, string Prefix, DateTimeOffset CreatedAt, string? CreatedBy,
    DateTimeOffset? RevokedAt, string? RevokedBy)
{
    public static ApiKeyInfo From(ApiKeyRecord r) => new(r.Id, r.DefinitionId, r.Name, r.Prefix, r.CreatedAt, r.CreatedBy, r.RevokedAt, r.RevokedBy);
}

/// <summary>A new key: <see cref="Key"/> is shown this once and cannot be read again.</summary>
public sealed record IssuedApiKey(ApiKeyInfo Info, string Key);
