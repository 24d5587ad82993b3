namespace Workflows.Server.Operations;

/// <summary>
/// Puts the instance or task an API call is about into the logging scope, so every log line of the request carries
/// it beside the request id (JSON console logs in Production include scopes).
/// </summary>
internal sealed class LogScopes(RequestDelegate next, ILogger<LogScopes> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var id = context.GetRouteValue("id") as string;
        var path = context.Request.Path;
        var key = id is null ? null
            : path.StartsWithSegments("/api/workflow-instances") ? "InstanceId"
            : path.StartsWithSegments("/api/tasks") ? "TaskId"
            : null;
        if (key is null)
        {
            await next(context);
            return;
        }
        using (logger.BeginScope(new Dictionary<string, object> { [key] = id! }))
        {
            await next(context);
        }
    }
}
