using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Workflows.Core.Runtime;
using Workflows.Persistence;
using Workflows.Persistence.Instances;

namespace Workflows.Server.Email;

/// <summary>The outbox's e-mails, newest first, filtered by state and instance, a page at a time.</summary>
public sealed class OutboxList(IDbContextFactory<WorkflowsDbContext> contexts)
{
    public async Task<OutboxPage> PageAsync(OutboxState? state, string? instanceId, int page, int pageSize, CancellationToken cancellationToken)
    {
        (page, pageSize) = (Math.Max(1, page), Math.Clamp(pageSize, 1, 500));
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Outbox.AsNoTracking().Where(o => o.Kind == SideEffectKinds.Email);
        query = state is { } s ? query.Where(o => o.State == s) : query;
        query = instanceId is { Length: > 0 } id ? query.Where(o => o.InstanceId == id) : query;
        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderByDescending(o => o.CreatedAt).ThenBy(o => o.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new OutboxPage(
            [.. rows.Select(o => new OutboxItem(o.Id, o.InstanceId, o.ActivityId, o.Kind, o.State, o.Attempts, o.CreatedAt, o.NextAttemptAt, o.LastError, JsonNode.Parse(o.Payload)))],
            total);
    }
}
