namespace Workflows.Server.Ledgers;

/// <summary>One column of a ledger: its key in the JSON, its header in the spreadsheet, and how a matter fills it.</summary>
public sealed record LedgerColumn(string Key, string Header, Func<LedgerMatter, object?> Value);

/// <summary>
/// The ledger (台账) of one procedure: its columns, and the column whose values it totals (e.g. by conclusion, as the
/// annual 公平竞争审查 report counts them); <see cref="SumOf"/> also adds up a numeric column (vehicles scrapped).
/// </summary>
public sealed record ProcedureLedger(string Title, IReadOnlyList<LedgerColumn> Columns, string? TotalBy = null, string? SumOf = null);
