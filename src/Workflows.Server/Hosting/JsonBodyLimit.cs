using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Workflows.Server.Hosting;

/// <summary>Caps JSON request bodies well below the attachment limit Kestrel is set to.</summary>
internal sealed class JsonBodyLimit(RequestDelegate next, IOptions<ServerOptions> options)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.HasJsonContentType() && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = options.Value.MaxJsonBodyBytes;
        }
        return next(context);
    }
}
