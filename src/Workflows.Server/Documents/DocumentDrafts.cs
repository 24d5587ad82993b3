using System.Text.Json;

namespace Workflows.Server.Documents;

/// <summary>A draft's text as stored on its document (JSON, camelCase, as the API shows it).</summary>
public static class DocumentDrafts
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Serialize(DocumentDraft draft) => JsonSerializer.Serialize(draft, Json);

    /// <summary>The draft; a document issued before drafts were kept (<c>{}</c>) reads as empty text.</summary>
    public static DocumentDraft Deserialize(string content)
    {
        var draft = JsonSerializer.Deserialize<DocumentDraft>(content, Json) ?? throw new InvalidOperationException("the document has no text");
        return draft with
        {
            Issuer = draft.Issuer ?? "",
            Title = draft.Title ?? "",
            Addressee = draft.Addressee ?? "",
            Body = draft.Body ?? [],
            Cc = draft.Cc ?? [],
            PrintedBy = draft.PrintedBy ?? "",
            Annexes = draft.Annexes ?? [],
        };
    }
}
