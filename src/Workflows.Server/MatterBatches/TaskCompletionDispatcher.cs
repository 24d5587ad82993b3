using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Workflows.Core.Activities;
using Workflows.Core.Runtime;
using Workflows.Persistence;
using Workflows.Persistence.Instances;

namespace Workflows.Server.MatterBatches;

/// <summary>
/// Delivers the CompleteTasks requests of committed bursts (合并办理): completes the waiting task of each named matter as
/// the person who chose it, on behalf of the deciding matter. A matter that moved on, or a person no longer allowed to
/// act there, fails that row with the reason (logged, kept on the outbox row); a lost race is tried again.
/// </summary>
public sealed class TaskCompletionDispatcher(
    IDbContextFactory<WorkflowsDbContext> databases, IWorkflowInstanceStore store, WorkflowEngine engine, TaskCompletionSignal signal,
    TimeProvider time, ILogger<TaskCompletionDispatcher> logger) : BackgroundService
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RaceRetryDelay = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DeliverPendingAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The database may be briefly away; the next tick tries again.
                logger.LogError(ex, "Completing other matters' tasks failed");
            }
            await signal.WaitAsync(PollInterval, stoppingToken);
        }
    }

    public async Task DeliverPendingAsync(CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        // Filtered by time in memory: SQLite cannot compare DateTimeOffset columns, and pending completions are few.
        var pending = await db.Outbox.PendingOfKind(SideEffectKinds.TaskCompletion).ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        foreach (var row in pending.Where(p => p.NextAttemptAt is null || p.NextAttemptAt <= now).OrderBy(p => p.CreatedAt))
        {
            row.Attempts++;
            try
            {
                // The target's pages hear of it from the engine's commit, with whose work it reached.
                await DeliverAsync(row, cancellationToken);
                (row.State, row.NextAttemptAt, row.LastError) = (OutboxState.Sent, null, null);
            }
            catch (WorkflowConcurrencyException)
            {
                row.NextAttemptAt = now + RaceRetryDelay;
            }
            catch (WorkflowCommandException ex)
            {
                (row.State, row.NextAttemptAt, row.LastError) = (OutboxState.Failed, null, ex.Message);
                logger.LogWarning("Matter {InstanceId} could not complete a task of another matter: {Reason}", row.InstanceId, ex.Message);
            }
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    private async Task DeliverAsync(OutboxMessage row, CancellationToken cancellationToken)
    {
        var payload = JsonNode.Parse(row.Payload)!.AsObject();
        var targetId = payload["instanceId"]!.GetValue<string>();
        var step = payload[CompleteTasks.Step.Name]?.GetValue<string>();
        var target = await store.FindAsync(targetId, cancellationToken);
        var bookmark = target?.Bookmarks.FirstOrDefault(b => b.Kind == BookmarkKinds.UserTask && b.ActivityId == step)
            ?? throw new WorkflowCommandException(ErrorCodes.BookmarkNotFound, $"matter '{targetId}' is no longer waiting at step '{step}'");
        await engine.ResumeAsync(targetId, bookmark.Id, new ResumeRequest
        {
            Outcome = payload[CompleteTasks.Outcome.Name]?.GetValue<string>(),
            Comment = payload[CompleteTasks.Comment.Name]?.GetValue<string>(),
            Actor = payload[CompleteTasks.Actor.Name]?.GetValue<string>(),
            OnBehalfOf = row.InstanceId,
        }, cancellationToken);
    }
}
