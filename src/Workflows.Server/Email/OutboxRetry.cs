using Hangfire;
using Microsoft.EntityFrameworkCore;
using Workflows.Core.Runtime;
using Workflows.Persistence;
using Workflows.Persistence.Instances;
using Workflows.Scheduling.Email;

namespace Workflows.Server.Email;

public enum RetryOutcome
{
    Retried,
    NotFound,
    NotFailed,
}

/// <summary>
/// Sends a failed e-mail again, on an administrator's word: back to Pending with a fresh count of attempts, and a
/// send job at once. Only a Failed message qualifies; one still pending or sending is already being retried.
/// </summary>
public sealed class OutboxRetry(IDbContextFactory<WorkflowsDbContext> contexts, IBackgroundJobClient jobs, TimeProvider time)
{
    public async Task<RetryOutcome> RetryAsync(string messageId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // One statement that checks the state, so two administrators retrying together enqueue one send.
        var reset = await db.Outbox
            .Where(o => o.Id == messageId && o.Kind == SideEffectKinds.Email && o.State == OutboxState.Failed)
            .ExecuteUpdateAsync(s => s
                .SetProperty(o => o.State, OutboxState.Pending)
                .SetProperty(o => o.Attempts, 0)
                .SetProperty(o => o.NextAttemptAt, time.GetUtcNow()), cancellationToken);
        if (reset == 0)
        {
            return await db.Outbox.AnyAsync(o => o.Id == messageId && o.Kind == SideEffectKinds.Email, cancellationToken)
                ? RetryOutcome.NotFailed
                : RetryOutcome.NotFound;
        }
        jobs.Enqueue<OutboxSender>(s => s.SendAsync(messageId, CancellationToken.None));
        return RetryOutcome.Retried;
    }
}
