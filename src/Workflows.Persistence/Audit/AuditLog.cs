using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace Workflows.Persistence.Audit;

/// <summary>What to append: the chain fields are added by <see cref="AuditLog"/>.</summary>
public sealed record AuditEntry(DateTimeOffset At, string Actor, string? Address, string Action, string? Target, string? Details);

/// <summary>The first row whose hash does not follow from the rows before it, or none.</summary>
public sealed record AuditVerification(long Checked, long? BrokenAt, string? Reason);

/// <summary>
/// The append-only audit table: rows are inserted at the next sequence number with the previous row's hash; the
/// application has no path to update or delete one. Two writers racing for one place are decided by the primary key:
/// the loser reads the new end and tries again.
/// </summary>
public sealed class AuditLog(IDbContextFactory<WorkflowsDbContext> contexts)
{
    private const int MaxAttempts = 50;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    public async Task<AuditRecord> AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        // Writers on this node queue here, so only writers on other nodes ever race for a place.
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                await using var db = await contexts.CreateDbContextAsync(cancellationToken);
                var last = await db.Audit.AsNoTracking().OrderByDescending(a => a.Sequence)
                    .Select(a => new { a.Sequence, a.Hash }).FirstOrDefaultAsync(cancellationToken);
                var record = new AuditRecord
                {
                    Sequence = (last?.Sequence ?? 0) + 1,
                    // Whole milliseconds survive every provider's column unchanged, so the hash can be recomputed.
                    At = new DateTimeOffset(entry.At.UtcTicks - entry.At.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero),
                    Actor = Clip(entry.Actor, Lengths.UserName)!,
                    Address = Clip(entry.Address, Lengths.Code),
                    Action = Clip(entry.Action, Lengths.Code)!,
                    Target = Clip(entry.Target, Lengths.Text),
                    Details = entry.Details,
                    PreviousHash = last?.Hash ?? "",
                };
                record.Hash = HashOf(record);
                db.Audit.Add(record);
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                    return record;
                }
                catch (DbUpdateException ex) when (attempt < MaxAttempts && db.IsUniqueViolation(ex))
                {
                    // Another node took this place first: read the new end and try again.
                    await Task.Delay(Random.Shared.Next(5, 25), cancellationToken);
                }
            }
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>Recomputes the chain from the first row and reports the first broken link.</summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var previousHash = "";
        long expected = 1, checkedRows = 0;
        await foreach (var row in db.Audit.AsNoTracking().OrderBy(a => a.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (row.Sequence != expected)
            {
                return new AuditVerification(checkedRows, expected, $"row {expected} is missing (the next row is {row.Sequence})");
            }
            if (row.PreviousHash != previousHash)
            {
                return new AuditVerification(checkedRows, row.Sequence, $"row {row.Sequence} does not point at the hash of row {row.Sequence - 1}");
            }
            if (HashOf(row) != row.Hash)
            {
                return new AuditVerification(checkedRows, row.Sequence, $"row {row.Sequence} was changed after it was written (its hash does not match its content)");
            }
            previousHash = row.Hash;
            expected++;
            checkedRows++;
        }
        return new AuditVerification(checkedRows, null, null);
    }

    public static string HashOf(AuditRecord record)
    {
        var text = string.Join('\u001f',
            record.PreviousHash, record.Sequence.ToString(CultureInfo.InvariantCulture),
            record.At.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            record.Actor, record.Address ?? "", record.Action, record.Target ?? "", record.Details ?? "");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    private static string? Clip(string? value, int max) => value is not null && value.Length > max ? value[..max] : value;
}
