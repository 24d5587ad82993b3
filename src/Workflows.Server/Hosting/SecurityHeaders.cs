namespace Workflows.Server.Hosting;

/// <summary>
/// Headers every response carries: no type sniffing, no referrer leaving the site, no framing by other sites, and a
/// Content Security Policy that lets pages run only this site's scripts. The API reference and the Hangfire
/// dashboard ship inline scripts of their own, so they get the policy without the script rule. A download's sandbox
/// policy is kept; Blazor's own frame-ancestors-only policy is replaced by the fuller one.
/// </summary>
internal sealed class SecurityHeaders(RequestDelegate next)
{
    public const string PagePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
        + "connect-src 'self'; frame-src 'self'; frame-ancestors 'self'; object-src 'none'; base-uri 'self'; form-action 'self'";

    private const string ToolPolicy = "frame-ancestors 'self'; object-src 'none'; base-uri 'self'; form-action 'self'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            headers.XFrameOptions = "SAMEORIGIN";
            if (!headers.ContentSecurityPolicy.ToString().StartsWith("sandbox", StringComparison.Ordinal))
            {
                var path = context.Request.Path;
                headers.ContentSecurityPolicy = path.StartsWithSegments("/api-docs") || path.StartsWithSegments("/hangfire") ? ToolPolicy : PagePolicy;
            }
            return Task.CompletedTask;
        });
        return next(context);
    }
}
