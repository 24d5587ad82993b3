namespace Workflows.Server.Documents;

/// <summary>One block of the body: a paragraph, or a table row (label｜value) of a form such as 公平竞争审查表.</summary>
public sealed record DocumentBlock(string Text, string? Value = null)
{
    public bool IsRow => Value is not null;
}

/// <summary>A document with its template filled in, ready for the .docx and HTML writers (GB/T 9704 parts in order).</summary>
public sealed record ComposedDocument(
    string Issuer, string Number, string Title, string Addressee, IReadOnlyList<DocumentBlock> Body, string Date, string Note);
