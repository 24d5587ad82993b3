using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Workflows.Core.Runtime;
using Workflows.Persistence;
using Workflows.Persistence.Instances;
using Workflows.Persistence.Tasks;
using Workflows.Server.Instances;

namespace Workflows.Server.Documents;

/// <summary>
/// Delivers GenerateDocument requests after their burst commits: woken by <see cref="DocumentSignal"/>, and polling the
/// outbox for pending document rows (retries, and requests whose wake-up was lost).
/// </summary>
public sealed class DocumentDispatcher(
    IDbContextFactory<WorkflowsDbContext> databases, DocumentIssuer issuer, DocumentSignal signal, InstanceChanges changes, IOptions<DocumentOptions> options,
    TimeProvider time, ILogger<DocumentDispatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DispatchPendingAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The database may be briefly away; the next tick tries again.
                logger.LogError(ex, "Document dispatch failed");
            }
            await signal.WaitAsync(options.Value.PollInterval, time, stoppingToken);
        }
    }

    public async Task DispatchPendingAsync(CancellationToken cancellationToken)
    {
        List<(string Id, string InstanceId, DateTimeOffset? NextAttemptAt, DateTimeOffset CreatedAt)> pending;
        await using (var db = await databases.CreateDbContextAsync(cancellationToken))
        {
            // Filtered by time in memory: SQLite cannot compare DateTimeOffset columns, and pending documents are few.
            pending = [.. (await db.Outbox.AsNoTracking()
                    .PendingOfKind(SideEffectKinds.Document)
                    .Select(o => new { o.Id, o.InstanceId, o.NextAttemptAt, o.CreatedAt })
                    .ToListAsync(cancellationToken))
                .Select(o => (o.Id, o.InstanceId, o.NextAttemptAt, o.CreatedAt))];
        }
        var now = time.GetUtcNow();
        foreach (var (id, instanceId, _, _) in pending.Where(p => p.NextAttemptAt is null || p.NextAttemptAt <= now).OrderBy(p => p.CreatedAt))
        {
            await issuer.IssueAsync(id, options.Value.MaxAttempts, cancellationToken);
            logger.LogDebug("Issued document {OutboxId}", id);
            // The document shows on its matter's pages; no one's work list changes with it.
            changes.Publish(instanceId, WorkReach.Nobody);
        }
    }
}
