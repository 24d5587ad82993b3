namespace Workflows.Server.Ledgers;

/// <summary>A ledger for a period: its columns (key and header), one row per matter keyed by column, and the totals.</summary>
public sealed record LedgerDto(
    string DefinitionId, string Title, DateOnly? From, DateOnly? To, IReadOnlyList<LedgerColumnDto> Columns,
    IReadOnlyList<IReadOnlyDictionary<string, object?>> Rows, LedgerTotalsDto Totals);

public sealed record LedgerColumnDto(string Key, string Header);

/// <summary>How many matters in all, how many per value of the totalled column (e.g. per conclusion), and the sum of a count column if any.</summary>
public sealed record LedgerTotalsDto(int Matters, string? By, IReadOnlyList<LedgerTotalDto> Groups, string? SumOf, decimal? Sum);

public sealed record LedgerTotalDto(string Value, int Matters);
