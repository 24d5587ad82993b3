using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Workflows.Server.Operations;

/// <summary><c>/health/details</c>: the overall state and each check's state and description, as JSON.</summary>
public static class HealthDetails
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        }));
    }
}
