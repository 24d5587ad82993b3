namespace Workflows.Server.Documents;

/// <summary>
/// A document of an instance: a draft (no number, downloads only as an HTML preview) or an issued one with where to
/// download each rendering; voided documents keep their number.
/// </summary>
public sealed record DocumentInfo(
    string Id, string Title, string Number, string TemplateKey, string ActivityId, DateTimeOffset CreatedAt,
    string DocxUrl, string HtmlUrl, string? DocxAttachmentId, string? HtmlAttachmentId,
    string State, string Publicity, string? SignedBy, DateTimeOffset? SignedAt);

/// <summary>A document with its text, and whether the asking user may edit it now (a draft, and a task of theirs open on the matter).</summary>
public sealed record DocumentDetail(DocumentInfo Document, DocumentDraft Text, bool Editable);

/// <summary>A document template as the API shows and accepts it; every part but the prefix, publicity and annex flag is Liquid.</summary>
public sealed record DocumentTemplateDto(
    string Key, string Name, string NumberPrefix, string Title, string Addressee, string Body, string Issuer,
    string Publicity, string Cc, string PrintedBy, string AnnexTitle, string Annex, bool AnnexPublic);

public sealed record SaveDocumentTemplateRequest(
    string? Name, string? NumberPrefix, string? Title, string? Addressee, string? Body, string? Issuer,
    string? Publicity, string? Cc, string? PrintedBy, string? AnnexTitle, string? Annex, bool? AnnexPublic);

/// <summary>作废: why; the number stays taken.</summary>
public sealed record VoidDocumentRequest(string? Reason);
