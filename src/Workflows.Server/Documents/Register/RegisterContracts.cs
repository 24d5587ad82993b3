namespace Workflows.Server.Documents.Register;

/// <summary>One series of the register: where it continues and which numbers it skips.</summary>
public sealed record NumberSeriesDto(string Prefix, int Year, int Next, IReadOnlyList<int> Reserved, int Issued, DateTimeOffset? UpdatedAt, string? UpdatedBy);

/// <summary>A series with every number it gave: which document took it, and whether that document was voided (作废).</summary>
public sealed record NumberSeriesEntriesDto(NumberSeriesDto Series, IReadOnlyList<RegisterEntryDto> Entries);

public sealed record RegisterEntryDto(
    int Sequence, string Number, string DocumentId, string InstanceId, string Title, string TemplateKey, string State,
    string Publicity, string? SignedBy, DateTimeOffset? SignedAt, DateTimeOffset? VoidedAt, string? VoidedBy, string? VoidReason);

public sealed record SaveNumberSeriesRequest(int? Next, IReadOnlyList<int>? Reserved);
