using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Workflows.Core.Runtime;
using Workflows.Persistence;
using Workflows.Persistence.Instances;
using Workflows.Scheduling.Email;

namespace Workflows.Server.Email;

/// <summary>
/// The outbox's e-mails, newest first, filtered by state and instance, a page at a time, each with the subject it is
/// sent with and, when it went to the pickup folder, the file.
/// </summary>
public sealed class OutboxList(IDbContextFactory<WorkflowsDbContext> contexts, EmailComposer composer)
{
    public async Task<OutboxPage> PageAsync(OutboxState? state, string? instanceId, int page, int pageSize, CancellationToken cancellationToken)
    {
        pageSize = Math.Clamp(pageSize, 1, 500);
        // A page far beyond the last is an empty page, not an offset too large to count.
        page = Math.Clamp(page, 1, int.MaxValue / pageSize);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Outbox.AsNoTracking().Where(o => o.Kind == SideEffectKinds.Email);
        query = state is { } s ? query.Where(o => o.State == s) : query;
        query = instanceId is { Length: > 0 } id ? query.Where(o => o.InstanceId == id) : query;
        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderByDescending(o => o.CreatedAt).ThenBy(o => o.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        List<OutboxItem> items = [];
        foreach (var o in rows)
        {
            items.Add(new OutboxItem(o.Id, o.InstanceId, o.ActivityId, o.Kind, o.State, o.Attempts, o.CreatedAt, o.NextAttemptAt, o.LastError,
                JsonNode.Parse(o.Payload), await composer.SubjectAsync(o, cancellationToken), OutboxSender.PickupFileOf(o.State, o.NextAttemptAt, o.LastError)));
        }
        return new OutboxPage(items, total);
    }
}
