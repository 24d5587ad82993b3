namespace Workflows.Designer.Services;

/// <summary>核稿: a matter's document drafts, edited by whoever holds a task on it until 签发 freezes them (PUT /api/workflow-instances/{id}/documents/{documentId}).</summary>
public interface IDocumentDraftsClient
{
    Task<IReadOnlyList<DraftView>> DraftsAsync(string instanceId, CancellationToken cancellationToken);

    Task<DraftSaved> SaveAsync(string instanceId, DraftView draft, CancellationToken cancellationToken);
}

/// <summary>A draft's text as the form edits it: the body one paragraph a line (label｜value for a table row), 抄送 one organ a line.</summary>
public sealed record DraftView(string DocumentId, string Title, string Addressee, string Body, string Cc, bool Editable);

public sealed record DraftSaved(bool Succeeded, string? Error);
