using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Workflows.Core.Runtime;
using Workflows.Persistence;
using Workflows.Persistence.Instances;
using Workflows.Scheduling.Email;
using Workflows.Server.Paging;

namespace Workflows.Server.Email;

/// <summary>
/// The outbox's e-mails, newest first, filtered by state and instance, a page at a time, each with the subject it is
/// sent with and, when it went to the pickup folder, the file. The total is counted up to a limit (then
/// <see cref="OutboxPage.TotalCapped"/>): a year's e-mails are hundreds of thousands.
/// </summary>
public sealed class OutboxList(IDbContextFactory<WorkflowsDbContext> contexts, EmailComposer composer)
{
    /// <summary>How many e-mails the outbox list counts before it says there are more.</summary>
    public const int CountLimit = 10_000;

    public async Task<OutboxPage> PageAsync(OutboxState? state, string? instanceId, int page, int pageSize, CancellationToken cancellationToken)
    {
        pageSize = Math.Clamp(pageSize, 1, 500);
        // A page far beyond the last is an empty page, not an offset too large to count.
        page = Math.Clamp(page, 1, int.MaxValue / pageSize);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var emails = db.Outbox.AsNoTracking().Where(o => o.Kind == SideEffectKinds.Email);
        var (rows, total, capped) = instanceId is { Length: > 0 } id
            ? OfMatter(await Newest(emails.Where(o => o.InstanceId == id)).ToListAsync(cancellationToken), state, page, pageSize)
            : await OfAllAsync(state is { } s ? emails.Where(o => o.State == s) : emails, page, pageSize, cancellationToken);
        List<OutboxItem> items = [];
        foreach (var o in rows)
        {
            items.Add(new OutboxItem(o.Id, o.InstanceId, o.ActivityId, o.Kind, o.State, o.Attempts, o.CreatedAt, o.NextAttemptAt, o.LastError,
                JsonNode.Parse(o.Payload), await composer.SubjectAsync(o, cancellationToken), OutboxSender.PickupFileOf(o.State, o.NextAttemptAt, o.LastError)));
        }
        return new OutboxPage(items, total) { TotalCapped = capped };
    }

    /// <summary>Newest first, in the order of the outbox's indexes on the kind (and state, or matter) then the time.</summary>
    private static IOrderedQueryable<OutboxMessage> Newest(IQueryable<OutboxMessage> emails) =>
        emails.OrderByDescending(o => o.CreatedAt).ThenBy(o => o.Id);

    private static async Task<(List<OutboxMessage> Rows, int Total, bool Capped)> OfAllAsync(
        IQueryable<OutboxMessage> emails, int page, int pageSize, CancellationToken cancellationToken)
    {
        var rows = await Newest(emails).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        var (total, capped) = await PageTotal.OfAsync(emails, page, pageSize, rows.Count, CountLimit, cancellationToken);
        return (rows, total, capped);
    }

    /// <summary>
    /// A matter's e-mails are few, so they are all read by the matter's index and filtered here: asked for in SQL, SQLite
    /// would read the state's index instead, every e-mail of that state in the year, for the order it gives.
    /// </summary>
    private static (List<OutboxMessage> Rows, int Total, bool Capped) OfMatter(List<OutboxMessage> emails, OutboxState? state, int page, int pageSize)
    {
        var matching = state is { } s ? emails.FindAll(o => o.State == s) : emails;
        var (total, capped) = PageTotal.Capped(matching.Count, CountLimit);
        return ([.. matching.Skip((page - 1) * pageSize).Take(pageSize)], total, capped);
    }
}
