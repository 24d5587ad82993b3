namespace Workflows.Designer.Services;

/// <summary>The numbering register (发文登记, /api/document-numbers): series, the numbers they gave, and where they continue.</summary>
public interface IDocumentRegisterClient
{
    Task<IReadOnlyList<NumberSeriesView>> ListAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<RegisterEntryView>> EntriesAsync(string prefix, int year, CancellationToken cancellationToken);

    /// <summary>Sets where the series continues and which numbers it skips; refused with the issued number in the way.</summary>
    Task<RegisterSaved> SaveAsync(string prefix, int year, int next, IReadOnlyList<int> reserved, CancellationToken cancellationToken);
}

public sealed record NumberSeriesView(string Prefix, int Year, int Next, IReadOnlyList<int> Reserved, int Issued);

/// <summary>A number and the document that took it; <see cref="State"/> is Issued or Voided (作废, the number stays taken).</summary>
public sealed record RegisterEntryView(string Number, string Title, string State, string? SignedBy, DateTimeOffset? SignedAt, string InstanceId);

public sealed record RegisterSaved(bool Succeeded, string? Error);
