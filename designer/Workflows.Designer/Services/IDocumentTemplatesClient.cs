namespace Workflows.Designer.Services;

/// <summary>Document templates (GET|PUT /api/document-templates/{key}): every part but the number prefix is Liquid.</summary>
public interface IDocumentTemplatesClient
{
    Task<IReadOnlyList<DocumentTemplateView>> ListAsync(CancellationToken cancellationToken);

    /// <summary>The template filled in with <paramref name="sampleData"/> (JSON, the <c>data</c> of the document) as printable HTML.</summary>
    Task<TemplatePreview> PreviewAsync(DocumentTemplateView template, string sampleData, CancellationToken cancellationToken);

    Task<TemplateSaved> SaveAsync(DocumentTemplateView template, CancellationToken cancellationToken);
}

/// <summary>A template as the page edits it; <see cref="Publicity"/> is public, onRequest or notPublic.</summary>
public sealed record DocumentTemplateView(
    string Key, string Name, string NumberPrefix, string Title, string Addressee, string Body, string Issuer,
    string Publicity, string Cc, string PrintedBy, string AnnexTitle, string Annex, bool AnnexPublic);
