using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Workflows.Persistence;
using Workflows.Persistence.Attachments;
using Workflows.Server.Auth;
using Workflows.Server.Hosting;
using Workflows.Server.Instances;

namespace Workflows.Server.Attachments;

public sealed record AttachmentInfo(string Id, string FileName, long Size, string Sha256, string ContentType);

public static class AttachmentsApi
{
    public static RouteGroupBuilder MapAttachmentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/attachments").WithTags("Attachments");
        api.MapPost("/", Upload).DisableAntiforgery()
            .WithSummary("Upload a file (multipart, field 'file'); use its id in a start input or a task")
            .WithDescription("The size limit is Workflows:Attachments:MaxSizeBytes (20 MB by default).");
        api.MapGet("/{id}", Download).ProducesProblem(StatusCodes.Status404NotFound).WithSummary("Download with the original name and content type, if you may see it")
            .WithDescription("?inline=true shows PDF, PNG/JPEG/GIF/WebP images and plain text in the browser instead of downloading them.");
        return api;
    }

    private static async Task<Results<Created<AttachmentInfo>, ValidationProblem, ProblemHttpResult>> Upload(
        HttpRequest request, WorkflowsDbContext db, AttachmentStorage storage, IOptions<AttachmentOptions> options,
        TimeProvider time, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = ["send the file as multipart/form-data in a field named 'file'"] });
        }
        var form = await request.ReadFormAsync(cancellationToken);
        var file = form.Files.GetFile("file") ?? form.Files.FirstOrDefault();
        if (file is null || file.Length == 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = ["no file, or an empty one, was sent"] });
        }
        if (file.Length > options.Value.MaxSizeBytes)
        {
            return TypedResults.Problem($"'{file.FileName}' is {file.Length} bytes; the limit is {options.Value.MaxSizeBytes}",
                statusCode: StatusCodes.Status413PayloadTooLarge, title: "File too large");
        }
        var fileName = FileNames.Clean(file.FileName);
        var contentType = string.IsNullOrEmpty(file.ContentType) ? "application/octet-stream" : file.ContentType;
        if (db.MaxLength<Attachment>(nameof(Attachment.FileName)) is { } max && (fileName.Length > max || contentType.Length > max))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = [$"the file's name and content type have at most {max} characters"] });
        }
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, cancellationToken);
        var content = buffer.ToArray();
        var attachment = new Attachment
        {
            Id = Guid.NewGuid().ToString("N"),
            FileName = fileName,
            ContentType = contentType,
            Size = content.Length,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)),
            UploadedBy = request.HttpContext.User.UserName(),
            CreatedAt = time.GetUtcNow(),
        };
        await storage.StoreAsync(attachment, content, cancellationToken);
        db.Attachments.Add(attachment);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/attachments/{attachment.Id}",
            new AttachmentInfo(attachment.Id, attachment.FileName, attachment.Size, attachment.Sha256, attachment.ContentType));
    }

    /// <summary>Readable by its uploader and by whoever may see the instance that uses it.</summary>
    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> Download(
        string id, bool? inline, HttpContext http, WorkflowsDbContext db, InstanceAccess access, AttachmentStorage storage, CancellationToken cancellationToken)
    {
        var attachment = await db.Attachments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        var allowed = attachment is not null && (attachment.UploadedBy == http.User.UserName() || http.User.IsAdmin()
            || (attachment.InstanceId is { } instanceId && await access.FindAsync(http.User, instanceId, cancellationToken) is not null));
        if (!allowed)
        {
            return TypedResults.Problem(new ProblemDetails
            {
                Title = "AttachmentNotFound",
                Status = StatusCodes.Status404NotFound,
                Detail = $"no attachment '{id}' that you may see",
            });
        }
        if (inline == true && InlineTypes.Contains(attachment!.ContentType))
        {
            // Shown in the page's preview frame. Only types a browser cannot run script from, never sniffed as others.
            http.Response.Headers.ContentDisposition = new System.Net.Http.Headers.ContentDispositionHeaderValue("inline") { FileNameStar = attachment.FileName }.ToString();
            SafeDownload.Harden(http, "sandbox");
            return TypedResults.File(storage.Open(attachment), attachment.ContentType);
        }
        return SafeDownload.Attachment(http, storage.Open(attachment!), attachment!.ContentType, attachment.FileName);
    }

    /// <summary>What <c>?inline=true</c> shows in the browser; everything else is always a download.</summary>
    public static readonly IReadOnlySet<string> InlineTypes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp", "text/plain",
    };
}
