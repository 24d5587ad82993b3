using Microsoft.EntityFrameworkCore;
using Workflows.Persistence;
using Workflows.Persistence.Documents;
using Workflows.Persistence.Documents.Register;

namespace Workflows.Server.Documents.Register;

/// <summary>A series that cannot be set as asked: the issued document in the way.</summary>
public sealed record NumberClash(string Number, string Title, bool Reserved)
{
    public string Message => Reserved
        ? $"{Number} is already issued ({Title}) and cannot be reserved"
        : $"{Number} is already issued ({Title}); next must be above it";
}

/// <summary>The register's series as the API and the admin page read and set them.</summary>
public sealed class NumberSeriesStore(WorkflowsDbContext db, TimeProvider time)
{
    public async Task<IReadOnlyList<NumberSeriesDto>> ListAsync(CancellationToken cancellationToken)
    {
        var rows = await db.Set<DocumentNumberSeriesRecord>().AsNoTracking().ToListAsync(cancellationToken);
        var issued = await db.Set<GeneratedDocumentRecord>().AsNoTracking().Where(d => d.Sequence != null)
            .GroupBy(d => new { d.NumberPrefix, d.Year })
            .Select(g => new { g.Key.NumberPrefix, g.Key.Year, Count = g.Count(), Highest = g.Max(d => d.Sequence) })
            .ToListAsync(cancellationToken);
        var keys = rows.Select(r => (Prefix: r.Prefix, r.Year)).Union(issued.Select(i => (Prefix: i.NumberPrefix, Year: i.Year!.Value)));
        return [.. keys.OrderBy(k => k.Prefix, StringComparer.Ordinal).ThenByDescending(k => k.Year).Select(k =>
        {
            var row = rows.FirstOrDefault(r => r.Prefix == k.Prefix && r.Year == k.Year);
            var used = issued.FirstOrDefault(i => i.NumberPrefix == k.Prefix && i.Year == k.Year);
            return new NumberSeriesDto(k.Prefix, k.Year, row?.Next ?? 1 + (used?.Highest ?? 0), row?.ReservedNumbers ?? [], used?.Count ?? 0, row?.UpdatedAt, row?.UpdatedBy);
        })];
    }

    /// <summary>The series with every number it gave; null when the register has never heard of it.</summary>
    public async Task<NumberSeriesEntriesDto?> EntriesAsync(string prefix, int year, CancellationToken cancellationToken)
    {
        var row = await db.Set<DocumentNumberSeriesRecord>().AsNoTracking().FirstOrDefaultAsync(s => s.Prefix == prefix && s.Year == year, cancellationToken);
        var documents = await db.Set<GeneratedDocumentRecord>().AsNoTracking()
            .Where(d => d.NumberPrefix == prefix && d.Year == year && d.Sequence != null).ToListAsync(cancellationToken);
        if (row is null && documents.Count == 0)
        {
            return null;
        }
        var highest = documents.Count == 0 ? 0 : documents.Max(d => d.Sequence!.Value);
        var series = new NumberSeriesDto(prefix, year, row?.Next ?? highest + 1, row?.ReservedNumbers ?? [], documents.Count, row?.UpdatedAt, row?.UpdatedBy);
        return new NumberSeriesEntriesDto(series, [.. documents.OrderBy(d => d.Sequence).Select(d => new RegisterEntryDto(
            d.Sequence!.Value, d.Number, d.Id, d.InstanceId, d.Title, d.TemplateKey, d.State, d.Publicity, d.SignedBy, d.SignedAt,
            d.VoidedAt, d.VoidedBy, d.VoidReason))]);
    }

    /// <summary>
    /// Sets where the series continues and what it skips, under the register's lock; refused (nothing saved) when an
    /// issued number is at or above <paramref name="next"/> or among <paramref name="reserved"/>.
    /// </summary>
    public async Task<(NumberSeriesDto? Saved, NumberClash? Clash)> SaveAsync(string prefix, int year, int next, IReadOnlyList<int> reserved, string userName,
        CancellationToken cancellationToken)
    {
        var skipped = reserved.Distinct().Order().ToList();
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Locks the series as numbering does, so no number is taken between the check below and the save.
        await DocumentRegister.TakeAsync(db, prefix, year, now, cancellationToken);
        var row = db.Set<DocumentNumberSeriesRecord>().Local.Single(s => s.Prefix == prefix && s.Year == year);
        var clash = await db.Set<GeneratedDocumentRecord>().AsNoTracking()
            .Where(d => d.NumberPrefix == prefix && d.Year == year && d.Sequence != null && (d.Sequence >= next || skipped.Contains(d.Sequence.Value)))
            .OrderBy(d => d.Sequence).FirstOrDefaultAsync(cancellationToken);
        if (clash is not null)
        {
            return (null, new NumberClash(clash.Number, clash.Title, clash.Sequence < next));
        }
        (row.Next, row.Reserved, row.UpdatedAt, row.UpdatedBy) = (next, string.Join(",", skipped), now, userName);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var issued = await db.Set<GeneratedDocumentRecord>().CountAsync(d => d.NumberPrefix == prefix && d.Year == year && d.Sequence != null, cancellationToken);
        return (new NumberSeriesDto(prefix, year, next, skipped, issued, now, userName), null);
    }
}
