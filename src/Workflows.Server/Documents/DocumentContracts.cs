namespace Workflows.Server.Documents;

/// <summary>A generated document of an instance, with where to download each rendering.</summary>
public sealed record DocumentInfo(
    string Id, string Title, string Number, string TemplateKey, string ActivityId, DateTimeOffset CreatedAt,
    string DocxUrl, string HtmlUrl, string DocxAttachmentId, string HtmlAttachmentId);

/// <summary>A document template as the API shows and accepts it; every part but the prefix is Liquid.</summary>
public sealed record DocumentTemplateDto(
    string Key, string Name, string NumberPrefix, string Title, string Addressee, string Body, string Issuer, string Note);

public sealed record SaveDocumentTemplateRequest(
    string? Name, string? NumberPrefix, string? Title, string? Addressee, string? Body, string? Issuer, string? Note);
