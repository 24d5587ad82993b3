using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Workflows.Persistence;
using Workflows.Persistence.Documents;
using Workflows.Server.Attachments;
using Workflows.Server.Auth;
using Workflows.Server.Instances;
using Workflows.Server.Audit;

namespace Workflows.Server.Documents;

public static class DocumentsApi
{
    public const string Docx = "docx";
    public const string Html = "html";
    public const string Pdf = "pdf";

    public static RouteGroupBuilder MapDocumentsApi(this IEndpointRouteBuilder app)
    {
        var documents = app.MapGroup("/api/workflow-instances/{instanceId}/documents").WithTags("Documents");
        documents.MapGet("/", List).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The documents the instance generated (审查意见书, 复函, …), oldest first; drafts a newer draft replaced only with superseded=true");
        documents.MapGet("/{documentId}", Detail).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A document with its text (title, addressee, body, 抄送, annexes) and whether you may edit it");
        documents.MapPut("/{documentId}", DocumentDraftEndpoints.Edit).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("核稿: change a draft's text; only while it is a draft, by someone with an open task on the matter (or an administrator)");
        documents.MapPost("/{documentId}/void", DocumentDraftEndpoints.Void).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).RequireAuthorization(Policies.Admin)
            .WithSummary("作废: void an issued document; it keeps its number, which is never given again");
        documents.MapGet("/{documentId}/{format}", Download).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Download a document as docx, printable html or pdf (PDF/A-2b, fonts embedded); a draft only as an html preview without number");

        var templates = app.MapGroup("/api/document-templates").WithTags("Documents").RequireAuthorization(Policies.Admin);
        templates.MapGet("/", ListTemplates).WithSummary("Every document template: saved versions and shipped defaults");
        templates.MapGet("/{key}", GetTemplate).ProducesProblem(StatusCodes.Status404NotFound).WithSummary("A document template");
        templates.MapPut("/{key}", SaveTemplate).Audited(AuditActions.DocumentTemplateUpdate, "key")
            .WithSummary("Save a document template; one that does not parse is refused with the part, line and column");
        return documents;
    }

    private static async Task<Results<Ok<IReadOnlyList<DocumentInfo>>, ProblemHttpResult>> List(
        string instanceId, bool? superseded, HttpContext http, InstanceAccess access, WorkflowsDbContext db, CancellationToken cancellationToken)
    {
        if (await access.FindAsync(http.User, instanceId, cancellationToken) is null)
        {
            return InstanceNotFound(instanceId);
        }
        var records = await db.Set<GeneratedDocumentRecord>().AsNoTracking()
            .Where(d => d.InstanceId == instanceId && (superseded == true || d.State != DocumentStates.Superseded)).ToListAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<DocumentInfo>>([.. records.OrderBy(d => d.CreatedAt).ThenBy(d => d.Sequence).Select(ToInfo)]);
    }

    private static async Task<Results<Ok<DocumentDetail>, ProblemHttpResult>> Detail(
        string instanceId, string documentId, HttpContext http, InstanceAccess access, WorkflowsDbContext db, CancellationToken cancellationToken)
    {
        if (await access.FindAsync(http.User, instanceId, cancellationToken) is null)
        {
            return InstanceNotFound(instanceId);
        }
        var document = await db.Set<GeneratedDocumentRecord>().AsNoTracking()
            .FirstOrDefaultAsync(d => d.Id == documentId && d.InstanceId == instanceId, cancellationToken);
        if (document is null)
        {
            return DocumentNotFound(instanceId, documentId);
        }
        var editable = document.State == DocumentStates.Draft && await DocumentDraftEndpoints.MayEditAsync(db, http.User, instanceId, cancellationToken);
        return TypedResults.Ok(new DocumentDetail(ToInfo(document), DocumentDrafts.Deserialize(document.Content), editable));
    }

    internal static DocumentInfo ToInfo(GeneratedDocumentRecord d) => new(
        d.Id, d.Title, d.Number, d.TemplateKey, d.ActivityId, d.CreatedAt,
        $"/api/workflow-instances/{d.InstanceId}/documents/{d.Id}/{Docx}", $"/api/workflow-instances/{d.InstanceId}/documents/{d.Id}/{Html}",
        d.DocxAttachmentId, d.HtmlAttachmentId, d.State, d.Publicity, d.SignedBy, d.SignedAt);

    internal static ProblemHttpResult DocumentNotFound(string instanceId, string documentId) => TypedResults.Problem(new ProblemDetails
    {
        Title = "DocumentNotFound",
        Status = StatusCodes.Status404NotFound,
        Detail = $"instance '{instanceId}' has no document '{documentId}'",
    });

    private static async Task<Results<FileStreamHttpResult, ContentHttpResult, ProblemHttpResult>> Download(
        string instanceId, string documentId, string format, HttpContext http, InstanceAccess access, WorkflowsDbContext db,
        AttachmentStorage storage, ArchivalPdf pdf, CancellationToken cancellationToken)
    {
        if (await access.FindAsync(http.User, instanceId, cancellationToken) is null)
        {
            return InstanceNotFound(instanceId);
        }
        var document = await db.Set<GeneratedDocumentRecord>().AsNoTracking()
            .FirstOrDefaultAsync(d => d.Id == documentId && d.InstanceId == instanceId, cancellationToken);
        if (document is { State: DocumentStates.Draft or DocumentStates.Superseded } && format == Html)
        {
            var preview = new ComposedDocument(DocumentDrafts.Deserialize(document.Content), ComposedDocument.UnnumberedMark, "", document.Publicity);
            return TypedResults.Content(HtmlWriter.Write(preview), "text/html; charset=utf-8");
        }
        if (format == Pdf && document is not null && pdf.Render(document) is { } rendering)
        {
            return SafeDownload.Attachment(http, new MemoryStream(rendering), PdfWriter.ContentType, $"{document.FileName}.pdf");
        }
        var attachmentId = (document, format) switch
        {
            (null, _) => null,
            (_, Docx) => document.DocxAttachmentId,
            (_, Html) => document.HtmlAttachmentId,
            _ => null,
        };
        var attachment = attachmentId is null ? null : await db.Attachments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == attachmentId, cancellationToken);
        if (attachment is null)
        {
            return TypedResults.Problem(new ProblemDetails
            {
                Title = "DocumentNotFound",
                Status = StatusCodes.Status404NotFound,
                Detail = $"instance '{instanceId}' has no document '{documentId}' as '{format}' (docx, html, or pdf once issued and with a PDF font configured)",
            });
        }
        // Issue 14: the printable HTML opens in a tab without script; the .docx is a plain download.
        return format == Html
            ? SafeDownload.GeneratedHtml(http, storage.Open(attachment))
            : SafeDownload.Attachment(http, storage.Open(attachment), attachment.ContentType, attachment.FileName);
    }

    private static async Task<Ok<IReadOnlyList<DocumentTemplateDto>>> ListTemplates(DocumentTemplateStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<DocumentTemplateDto>>([.. (await store.ListAsync(cancellationToken)).Select(ToDto)]);

    private static async Task<Results<Ok<DocumentTemplateDto>, ProblemHttpResult>> GetTemplate(
        string key, DocumentTemplateStore store, CancellationToken cancellationToken) =>
        await store.FindAsync(key, cancellationToken) is { } template
            ? TypedResults.Ok(ToDto(template))
            : TypedResults.Problem(new ProblemDetails
            {
                Title = "DocumentTemplateNotFound",
                Status = StatusCodes.Status404NotFound,
                Detail = $"there is no document template '{key}'",
            });

    private static async Task<Results<Ok<DocumentTemplateDto>, ValidationProblem>> SaveTemplate(
        string key, SaveDocumentTemplateRequest request, HttpContext http, DocumentTemplateStore store, CancellationToken cancellationToken)
    {
        var template = new DocumentTemplate(key, request.Name ?? "", request.NumberPrefix ?? "", request.Title ?? "", request.Addressee ?? "",
            request.Body ?? "", request.Issuer ?? "", request.Publicity ?? DocumentPublicity.Public, request.Cc ?? "", request.PrintedBy ?? "",
            request.AnnexTitle ?? "", request.Annex ?? "", request.AnnexPublic ?? true);
        var errors = await store.SaveAsync(template, http.User.UserName(), cancellationToken);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(
                errors.ToDictionary(e => e.Part, e => new[] { e.Line is { } line ? $"line {line}, column {e.Column}: {e.Message}" : e.Message }),
                title: errors[0].Line is null ? "The template is incomplete" : "The template does not parse");
        }
        return TypedResults.Ok(ToDto(template));
    }

    private static DocumentTemplateDto ToDto(DocumentTemplate t) =>
        new(t.Key, t.Name, t.NumberPrefix, t.Title, t.Addressee, t.Body, t.Issuer, t.Publicity, t.Cc, t.PrintedBy, t.AnnexTitle, t.Annex, t.AnnexPublic);

    internal static ProblemHttpResult InstanceNotFound(string instanceId) => TypedResults.Problem(new ProblemDetails
    {
        Title = "InstanceNotFound",
        Status = StatusCodes.Status404NotFound,
        Detail = $"no instance '{instanceId}' that you may see",
    });
}
