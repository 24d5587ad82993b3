namespace Workflows.Designer.Services;

/// <summary>台账 (/api/ledgers/{definitionId}): a procedure's matters of a period, with totals; the .xlsx is downloaded from the API.</summary>
public interface ILedgersClient
{
    /// <summary>The procedures that have a ledger: id and name.</summary>
    Task<IReadOnlyList<LedgerProcedureView>> ProceduresAsync(CancellationToken cancellationToken);

    Task<LedgerView> BuildAsync(string definitionId, DateOnly? from, DateOnly? to, CancellationToken cancellationToken);
}

public sealed record LedgerProcedureView(string DefinitionId, string Name);

public sealed record LedgerView(
    string Title, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows, IReadOnlyList<LedgerTotalView> Totals, int Matters);

public sealed record LedgerTotalView(string Value, int Matters);
