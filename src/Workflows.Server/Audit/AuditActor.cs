using System.Security.Claims;

namespace Workflows.Server.Audit;

/// <summary>
/// Who is acting in a service scope that has no HTTP request of its own (a Blazor circuit's call): the circuit sets
/// it, <see cref="IAuditTrail"/> reads it before falling back to the request.
/// </summary>
public sealed class AuditActor
{
    public ClaimsPrincipal? User { get; set; }
    public string? Address { get; set; }
}
