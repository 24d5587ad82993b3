using System.Text.Json;
using Workflows.Persistence.Audit;

namespace Workflows.Server.Audit;

/// <summary>
/// One call to record a security event (安全审计). Who and from where default to the current request's user and
/// address; pages running in a Blazor circuit pass <paramref name="actor"/> themselves.
/// </summary>
public interface IAuditTrail
{
    /// <param name="action">A dotted name from <see cref="AuditActions"/>, e.g. <c>org.user.update</c>.</param>
    /// <param name="target">What it happened to: a user name, a definition id, an instance id.</param>
    /// <param name="details">Serialised as JSON: the outcome, before/after where it applies.</param>
    Task RecordAsync(string action, string? target, object? details, CancellationToken cancellationToken, string? actor = null, string? address = null);
}

internal sealed class AuditTrail(AuditLog log, AuditActor circuit, IHttpContextAccessor http, TimeProvider time, ILogger<AuditTrail> logger) : IAuditTrail
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task RecordAsync(string action, string? target, object? details, CancellationToken cancellationToken, string? actor = null, string? address = null)
    {
        var context = http.HttpContext;
        var entry = new AuditEntry(
            time.GetUtcNow(),
            actor ?? circuit.User?.Identity?.Name ?? context?.User.Identity?.Name ?? "system",
            address ?? circuit.Address ?? context?.Connection.RemoteIpAddress?.ToString(),
            action,
            target,
            details is null ? null : JsonSerializer.Serialize(details, Json));
        // The event already happened: a client that hung up must not leave it unrecorded.
        var record = await log.AppendAsync(entry, CancellationToken.None);
        logger.LogInformation("Audit {Sequence}: {Actor} {Action} {Target} from {Address}", record.Sequence, record.Actor, record.Action, record.Target, record.Address);
    }
}
