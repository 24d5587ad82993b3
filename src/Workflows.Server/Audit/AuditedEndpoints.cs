namespace Workflows.Server.Audit;

/// <summary>
/// Audits an endpoint declaratively: when it answers with success, one record names the action, the route value that
/// says what was changed (or, for a creation, the new thing's address), and the other route values. Failed attempts
/// are not changes and are not recorded.
/// </summary>
public static class AuditedEndpoints
{
    public static RouteHandlerBuilder Audited(this RouteHandlerBuilder endpoint, string action, string targetRouteValue) =>
        endpoint.AddEndpointFilter(async (context, next) =>
        {
            var result = await next(context);
            // A handler's Results<…> union wraps the result it chose.
            var chosen = result is INestedHttpResult nested ? nested.Result : result;
            var status = chosen is IStatusCodeHttpResult { StatusCode: { } code } ? code : context.HttpContext.Response.StatusCode;
            if (status is >= 200 and < 300)
            {
                var routeValues = context.HttpContext.Request.RouteValues;
                var details = routeValues.Where(v => v.Key != targetRouteValue).ToDictionary(v => v.Key, v => v.Value?.ToString());
                details["status"] = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await context.HttpContext.RequestServices.GetRequiredService<IAuditTrail>()
                    .RecordAsync(action, routeValues.GetValueOrDefault(targetRouteValue)?.ToString() ?? CreatedAt(chosen),
                        details, context.HttpContext.RequestAborted);
            }
            return result;
        });

    /// <summary>The address a Created result names (Created and Created&lt;T&gt; share no interface for it).</summary>
    private static string? CreatedAt(object? result) => result?.GetType().GetProperty("Location")?.GetValue(result) as string;
}
