using Microsoft.EntityFrameworkCore;
using Workflows.Core.Runtime;
using Workflows.Core.Tasks;
using Workflows.Persistence;
using Workflows.Persistence.Tasks;
using TaskStatus = Workflows.Persistence.Tasks.TaskStatus;

namespace Workflows.Cli.Seeding;

/// <summary>
/// What the database holds, counted straight from its tables: taken before and after a seed, the difference is what
/// the seed made (a seed may run on a database that already has matters).
/// </summary>
public sealed record SeedCounts(
    int Matters, int Finished, int Open, int Faulted,
    int Tasks, int OpenTasks, int OverdueTasks, int CountersignTasks,
    int Journal, int Outbox, int Emails, int Documents, int Timers, int Attachments,
    int Departments, int Users)
{
    public static async Task<SeedCounts> ReadAsync(IDbContextFactory<WorkflowsDbContext> contexts, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var statuses = await db.Instances.GroupBy(i => i.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        int Of(WorkflowStatus status) => statuses.Where(s => s.Key == status).Sum(s => s.Count);
        var outbox = await db.Outbox.GroupBy(o => o.Kind).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        int Kind(string kind) => outbox.Where(o => o.Key == kind).Sum(o => o.Count);
        return new SeedCounts(
            statuses.Sum(s => s.Count), Of(WorkflowStatus.Completed), Of(WorkflowStatus.Running), Of(WorkflowStatus.Faulted),
            await db.Tasks.CountAsync(cancellationToken),
            await db.Tasks.CountAsync(t => t.Status == TaskStatus.Open, cancellationToken),
            await db.Tasks.CountAsync(t => t.Status == TaskStatus.Open && t.DueOrder < now, cancellationToken),
            await db.Tasks.CountAsync(t => (t.Mode == TaskModes.All || t.Mode == TaskModes.Sequential)
                && db.TaskParticipants.Count(p => p.TaskId == t.Id && p.Kind == ParticipantKind.Signer) >= 2, cancellationToken),
            await db.Journal.CountAsync(cancellationToken),
            outbox.Sum(o => o.Count), Kind(SideEffectKinds.Email), Kind(SideEffectKinds.Document),
            await db.Timers.CountAsync(cancellationToken),
            await db.Attachments.CountAsync(cancellationToken),
            await db.Departments.CountAsync(cancellationToken),
            await db.Users.CountAsync(cancellationToken));
    }

    public static SeedCounts operator -(SeedCounts after, SeedCounts before) => new(
        after.Matters - before.Matters, after.Finished - before.Finished, after.Open - before.Open, after.Faulted - before.Faulted,
        after.Tasks - before.Tasks, after.OpenTasks - before.OpenTasks, after.OverdueTasks - before.OverdueTasks, after.CountersignTasks - before.CountersignTasks,
        after.Journal - before.Journal, after.Outbox - before.Outbox, after.Emails - before.Emails, after.Documents - before.Documents,
        after.Timers - before.Timers, after.Attachments - before.Attachments, after.Departments - before.Departments, after.Users - before.Users);

    /// <summary>The lines <c>workflows seed</c> prints: one <c>name: number</c> per line, so a script (or a test) can read them.</summary>
    public IEnumerable<string> Lines()
    {
        yield return $"departments: {Departments}";
        yield return $"users: {Users}";
        yield return $"matters: {Matters}";
        yield return $"finished: {Finished}";
        yield return $"open: {Open}";
        yield return $"faulted: {Faulted}";
        yield return $"tasks: {Tasks}";
        yield return $"open tasks: {OpenTasks}";
        yield return $"overdue tasks: {OverdueTasks}";
        yield return $"countersign tasks: {CountersignTasks}";
        yield return $"journal rows: {Journal}";
        yield return $"outbox rows: {Outbox}";
        yield return $"e-mails: {Emails}";
        yield return $"document requests: {Documents}";
        yield return $"timers: {Timers}";
        yield return $"attachments: {Attachments}";
    }
}
