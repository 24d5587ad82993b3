using Microsoft.AspNetCore.Http.HttpResults;

namespace Workflows.Server.Attachments;

/// <summary>
/// How stored files leave the server. A file is whatever its uploader said it was: served with that type from our
/// origin, an uploaded HTML page would run as our site. So files are downloads (Content-Disposition: attachment),
/// under a type from a short list of inert ones or else application/octet-stream, never sniffed, and sandboxed should
/// a browser render them anyway.
/// </summary>
public static class SafeDownload
{
    private const string Sandbox = "sandbox";

    /// <summary>Types sent as themselves: documents and images a browser does not run script from.</summary>
    public static readonly IReadOnlySet<string> KeptTypes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp", "text/plain", "text/csv", "application/zip",
        "application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    };

    public static FileStreamHttpResult Attachment(HttpContext http, Stream content, string contentType, string fileName)
    {
        Harden(http, Sandbox);
        return TypedResults.File(content, KeptTypes.Contains(contentType) ? contentType : "application/octet-stream", fileName);
    }

    /// <summary>A page the server generated (a document's printable HTML), shown in a tab: no script, no requests out, only its own styles and inline images.</summary>
    public static FileStreamHttpResult GeneratedHtml(HttpContext http, Stream content)
    {
        Harden(http, "sandbox allow-modals; default-src 'none'; style-src 'unsafe-inline'; img-src data:");
        return TypedResults.File(content, "text/html; charset=utf-8");
    }

    public static void Harden(HttpContext http, string contentSecurityPolicy)
    {
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.ContentSecurityPolicy = contentSecurityPolicy;
    }
}
