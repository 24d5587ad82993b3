using Microsoft.EntityFrameworkCore;
using Workflows.Persistence;
using Workflows.Persistence.Documents;
using Workflows.Persistence.Documents.Register;

namespace Workflows.Server.Documents.Register;

/// <summary>
/// 发文登记: hands out document numbers from the series of a prefix and year. The caller holds a transaction; taking a
/// number first locks the series row (an update of it), so two servers numbering at once wait for each other and
/// the number is taken exactly once, committed together with the document that took it.
/// </summary>
public static class DocumentRegister
{
    /// <summary>
    /// The next free number of the series (skipping reserved ones), with the series moved past it. A series not yet
    /// in the register starts after the highest number its documents already carry.
    /// </summary>
    /// <exception cref="DbUpdateException">Another server created the same series at the same moment; retry.</exception>
    public static async Task<int> TakeAsync(WorkflowsDbContext db, string prefix, int year, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var series = db.Set<DocumentNumberSeriesRecord>();
        var locked = await series.Where(s => s.Prefix == prefix && s.Year == year)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Next, x => x.Next), cancellationToken);
        DocumentNumberSeriesRecord row;
        if (locked == 0)
        {
            row = new DocumentNumberSeriesRecord { Prefix = prefix, Year = year, Next = 1 + await HighestIssuedAsync(db, prefix, year, cancellationToken), UpdatedAt = now };
            series.Add(row);
            await db.SaveChangesAsync(cancellationToken);
        }
        else
        {
            row = await series.SingleAsync(s => s.Prefix == prefix && s.Year == year, cancellationToken);
            await db.Entry(row).ReloadAsync(cancellationToken);
        }
        var reserved = row.ReservedNumbers.ToHashSet();
        var number = row.Next;
        while (reserved.Contains(number))
        {
            number++;
        }
        row.Next = number + 1;
        return number;
    }

    public static async Task<int> HighestIssuedAsync(WorkflowsDbContext db, string prefix, int year, CancellationToken cancellationToken) =>
        await db.Set<GeneratedDocumentRecord>().Where(d => d.NumberPrefix == prefix && d.Year == year && d.Sequence != null)
            .MaxAsync(d => d.Sequence, cancellationToken) ?? 0;
}
