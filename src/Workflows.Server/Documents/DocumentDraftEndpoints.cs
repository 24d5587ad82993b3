using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Workflows.Persistence;
using Workflows.Persistence.Documents;
using Workflows.Persistence.Tasks;
using Workflows.Server.Auth;
using Workflows.Server.Instances;
using TaskStatus = Workflows.Persistence.Tasks.TaskStatus;

namespace Workflows.Server.Documents;

/// <summary>核稿 (editing a draft) and 作废 (voiding an issued document), beside <see cref="DocumentsApi"/>.</summary>
internal static class DocumentDraftEndpoints
{
    private const int MaxBlocks = 500;

    /// <summary>An administrator, or a person who must act now on an open task of the matter (the 核稿 clerk, the signer).</summary>
    public static async Task<bool> MayEditAsync(WorkflowsDbContext db, ClaimsPrincipal user, string instanceId, CancellationToken cancellationToken)
    {
        if (user.IsAdmin())
        {
            return true;
        }
        var name = user.UserName();
        return await db.Tasks.AnyAsync(t => t.InstanceId == instanceId && t.Status == TaskStatus.Open
            && db.TaskParticipants.Any(p => p.TaskId == t.Id && p.Kind == ParticipantKind.Signer && p.Value == name && p.Active && !p.Done), cancellationToken);
    }

    public static async Task<Results<Ok<DocumentDetail>, ValidationProblem, ProblemHttpResult>> Edit(
        string instanceId, string documentId, DocumentDraft text, HttpContext http, InstanceAccess access, WorkflowsDbContext db, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (await access.FindAsync(http.User, instanceId, cancellationToken) is null)
        {
            return DocumentsApi.InstanceNotFound(instanceId);
        }
        var document = await db.Set<GeneratedDocumentRecord>().FirstOrDefaultAsync(d => d.Id == documentId && d.InstanceId == instanceId, cancellationToken);
        if (document is null)
        {
            return DocumentsApi.DocumentNotFound(instanceId, documentId);
        }
        if (document.State != DocumentStates.Draft)
        {
            return Frozen(document);
        }
        if (!await MayEditAsync(db, http.User, instanceId, cancellationToken))
        {
            return TypedResults.Problem(new ProblemDetails
            {
                Title = "NotYourDraft",
                Status = StatusCodes.Status403Forbidden,
                Detail = "only someone with an open task on this matter (or an administrator) may edit its draft",
            });
        }
        if (Validate(text) is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors, title: "The draft is not valid");
        }
        var clean = Clean(text);
        (document.Content, document.Title, document.UpdatedAt, document.UpdatedBy) = (DocumentDrafts.Serialize(clean), clean.Title, time.GetUtcNow(), http.User.UserName());
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Signed off between the read and the save: the state column is the concurrency token.
            await db.Entry(document).ReloadAsync(cancellationToken);
            return Frozen(document);
        }
        return TypedResults.Ok(new DocumentDetail(DocumentsApi.ToInfo(document), clean, true));
    }

    public static async Task<Results<Ok<DocumentInfo>, ProblemHttpResult>> Void(
        string instanceId, string documentId, VoidDocumentRequest request, HttpContext http, WorkflowsDbContext db, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var document = await db.Set<GeneratedDocumentRecord>().FirstOrDefaultAsync(d => d.Id == documentId && d.InstanceId == instanceId, cancellationToken);
        if (document is null)
        {
            return DocumentsApi.DocumentNotFound(instanceId, documentId);
        }
        if (document.State != DocumentStates.Issued)
        {
            return TypedResults.Problem(new ProblemDetails
            {
                Title = "NotIssued",
                Status = StatusCodes.Status409Conflict,
                Detail = $"document '{documentId}' is {document.State}; only an issued document can be voided",
            });
        }
        (document.State, document.VoidedAt, document.VoidedBy, document.VoidReason) =
            (DocumentStates.Voided, time.GetUtcNow(), http.User.UserName(), request.Reason?.Trim() is { Length: > 0 } reason ? reason[..Math.Min(reason.Length, 500)] : null);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(DocumentsApi.ToInfo(document));
    }

    private static ProblemHttpResult Frozen(GeneratedDocumentRecord document) => TypedResults.Problem(new ProblemDetails
    {
        Title = document.State == DocumentStates.Superseded ? "DraftSuperseded" : "DocumentFrozen",
        Status = StatusCodes.Status409Conflict,
        Detail = document.State == DocumentStates.Superseded
            ? "a newer draft of this document replaced this one; edit the newer draft"
            : $"the document was signed off as {document.Number}; its text can no longer change",
    });

    internal static Dictionary<string, string[]> Validate(DocumentDraft text)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(text.Title) || text.Title.Length > 500)
        {
            errors["title"] = ["the title is required, at most 500 characters"];
        }
        if (!AreParagraphs(text.Body))
        {
            errors["body"] = [$"the body needs 1 to {MaxBlocks} paragraphs, none empty"];
        }
        if (text.Cc is not null && text.Cc.Any(string.IsNullOrWhiteSpace))
        {
            errors["cc"] = ["抄送 organs cannot be empty"];
        }
        if (text.Annexes is not null && text.Annexes.Any(a => a is null || string.IsNullOrWhiteSpace(a.Title) || !AreParagraphs(a.Body)))
        {
            errors["annexes"] = [$"each annex needs a title and 1 to {MaxBlocks} paragraphs, none empty"];
        }
        return errors;
    }

    /// <summary>A body or an annex: 1 to <see cref="MaxBlocks"/> paragraphs, each with text (JSON may send nulls).</summary>
    private static bool AreParagraphs(IReadOnlyList<DocumentBlock>? blocks) =>
        blocks is { Count: > 0 and <= MaxBlocks } && blocks.All(b => b is not null && !string.IsNullOrWhiteSpace(b.Text));

    internal static DocumentDraft Clean(DocumentDraft text) => new(
        text.Issuer?.Trim() ?? "", text.Title.Trim(), text.Addressee?.Trim() ?? "",
        [.. text.Body.Select(b => new DocumentBlock(b.Text.Trim(), b.Value?.Trim()))],
        [.. (text.Cc ?? []).Select(c => c.Trim())], text.PrintedBy?.Trim() ?? "",
        [.. (text.Annexes ?? []).Select(a => new DocumentAnnex(a.Title.Trim(), [.. a.Body.Select(b => new DocumentBlock(b.Text.Trim(), b.Value?.Trim()))], a.Public))]);
}
