using MiniExcelLibs;

namespace Workflows.Server.Ledgers;

/// <summary>A ledger as .xlsx (MiniExcel): the rows under the column headers on sheet 台账, the totals on sheet 合计.</summary>
public static class LedgerSpreadsheet
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string RowsSheet = "台账";
    public const string TotalsSheet = "合计";
    public const string ValueHeader = "分类";
    public const string CountHeader = "件数";
    public const string AllMatters = "合计";

    public static async Task<byte[]> WriteAsync(LedgerDto ledger, CancellationToken cancellationToken)
    {
        var rows = ledger.Rows.Select(r => (IDictionary<string, object?>)ledger.Columns.ToDictionary(c => c.Header, c => r[c.Key])).ToList();
        if (rows.Count == 0)
        {
            // MiniExcel takes the headers from the first row; an empty period still shows them.
            rows.Add(ledger.Columns.ToDictionary(c => c.Header, _ => (object?)null));
        }
        var totals = ledger.Totals.Groups.Select(g => (IDictionary<string, object?>)new Dictionary<string, object?> { [ValueHeader] = g.Value, [CountHeader] = g.Matters })
            .Append(new Dictionary<string, object?> { [ValueHeader] = AllMatters, [CountHeader] = ledger.Totals.Matters })
            .ToList();
        if (ledger.Totals.Sum is { } sum)
        {
            var header = ledger.Columns.First(c => c.Key == ledger.Totals.SumOf).Header;
            totals.Add(new Dictionary<string, object?> { [ValueHeader] = header, [CountHeader] = sum });
        }
        var sheets = new Dictionary<string, object> { [RowsSheet] = rows, [TotalsSheet] = totals };
        using var stream = new MemoryStream();
        await stream.SaveAsAsync(sheets, excelType: ExcelType.XLSX, cancellationToken: cancellationToken);
        return stream.ToArray();
    }
}
