using Microsoft.EntityFrameworkCore;
using Workflows.Core.Runtime;
using Workflows.Persistence.Tasks;
using Workflows.Persistence.Timers;

namespace Workflows.Persistence.Instances;

/// <summary>
/// The engine's instance store on EF Core. A burst is one transaction (<see cref="BurstWriter"/>): the instance row
/// (checked against the version the burst loaded), its bookmark rows rewritten, journal and outbox rows appended, the
/// task and timer projections kept in step. Any failure leaves the database as it was, and a lost race is a
/// <see cref="WorkflowConcurrencyException"/>. After the commit, each <see cref="ICommitFollowUp"/> hears of the
/// burst's new timers and messages, and whose work it changed.
/// </summary>
public sealed class EfWorkflowInstanceStore(IDbContextFactory<WorkflowsDbContext> contexts, IEnumerable<ICommitFollowUp>? followUps = null) : IWorkflowInstanceStore
{
    public async Task<WorkflowInstance?> FindAsync(string instanceId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.InstanceVersion.FindAsync(db, instanceId, cancellationToken) is not { } loaded)
        {
            return null;
        }
        var instance = InstanceMapping.ToInstance(loaded.Record);
        instance.Version = loaded.Version;
        return instance;
    }

    public async Task CommitAsync(WorkflowBurst burst, CancellationToken cancellationToken)
    {
        var instance = burst.Instance;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // One connection for the reads the projections make and the transaction that follows (EF would open one for
        // each and close it after); it is closed with the context.
        await db.Database.OpenConnectionAsync(cancellationToken);
        var record = InstanceMapping.ToRecord(instance);
        var entry = burst.ExpectedVersion is null ? db.Instances.Add(record) : db.Instances.Update(record);
        db.InstanceVersion.Expect(entry, burst.ExpectedVersion);
        // Every other row is worked out here, untracked: the burst knows what it changed.
        var rows = new List<RowChange>();
        await RewriteBookmarksAsync(db, burst, rows, cancellationToken);
        var reached = await TaskProjection.ApplyAsync(db, burst, rows, cancellationToken);
        rows.AddRange(burst.Journal.Select(j => RowChange.Insert(InstanceMapping.ToRecord(j))));
        var messages = burst.SideEffects.Select(InstanceMapping.ToMessage).ToList();
        rows.AddRange(messages.Select(RowChange.Insert));
        IReadOnlyList<TimerRecord> timers;
        var conflict = burst.ExpectedVersion is { } loaded
            ? $"instance {instance.Id} was changed by someone else since version {loaded} was loaded; nothing was saved"
            : $"instance {instance.Id} already exists; nothing was saved";
        try
        {
            if (db.WritesBurstsWithReturning)
            {
                var moved = new List<TimerRecord>();
                await BurstWriter.SaveAsync(db, conflict, rows, TimerProjection.Statements(db.Model, burst, moved), cancellationToken);
                timers = moved;
            }
            else
            {
                rows.ForEach(row => row.Track(db));
                timers = await TimerProjection.ApplyAsync(db, burst, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
            }
        }
        // A lost race may surface on any of the statements: the instance's version, a bookmark already deleted, a
        // journal sequence number already taken, an instance id already used.
        catch (DbUpdateException ex) when (ex is DbUpdateConcurrencyException || db.IsUniqueViolation(ex))
        {
            throw new WorkflowConcurrencyException(conflict);
        }
        instance.Version = db.InstanceVersion.Read(entry);
        foreach (var followUp in followUps ?? [])
        {
            followUp.Committed(instance.Id, timers, messages, reached);
        }
    }

    public async Task<IReadOnlyList<JournalEntry>> GetJournalAsync(string instanceId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Journal.AsNoTracking().Where(j => j.InstanceId == instanceId).OrderBy(j => j.Sequence).ToListAsync(cancellationToken);
        return [.. rows.Select(InstanceMapping.ToEntry)];
    }

    /// <summary>The instance's outbox messages, in the order they were created (ties by id).</summary>
    public async Task<IReadOnlyList<SideEffect>> GetSideEffectsAsync(string instanceId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Outbox.AsNoTracking().Where(o => o.InstanceId == instanceId)
            .OrderBy(o => o.CreatedAt).ThenBy(o => o.Id).ToListAsync(cancellationToken);
        return [.. rows.Select(InstanceMapping.ToSideEffect)];
    }

    /// <summary>
    /// Deletes the rows of bookmarks the burst closed, updates those it changed and adds the new ones. The stored rows
    /// are the bookmarks the burst loaded (only their ids read back when a caller did not say, and then every kept row
    /// is written); if another commit changed them meanwhile, that commit also changed the instance's version, so this
    /// commit fails as a whole.
    /// </summary>
    private static async Task RewriteBookmarksAsync(WorkflowsDbContext db, WorkflowBurst burst, List<RowChange> rows, CancellationToken cancellationToken)
    {
        var instanceId = burst.Instance.Id;
        var stored = burst.ExpectedVersion is null ? []
            : burst.LoadedBookmarks is { } loaded ? loaded.ToDictionary(b => b.Id, b => (BookmarkRecord?)InstanceMapping.ToRecord(instanceId, b))
            : await db.Bookmarks.Where(b => b.InstanceId == instanceId).Select(b => b.Id).ToDictionaryAsync(id => id, _ => (BookmarkRecord?)null, cancellationToken);
        var open = burst.Instance.Bookmarks.Select(b => InstanceMapping.ToRecord(instanceId, b)).ToList();
        foreach (var closed in stored.Keys.Except(open.Select(b => b.Id)))
        {
            rows.Add(RowChange.Delete(new BookmarkRecord { Id = closed, InstanceId = instanceId }));
        }
        foreach (var bookmark in open)
        {
            rows.Add(stored.TryGetValue(bookmark.Id, out var was) ? RowChange.Update(bookmark, was) : RowChange.Insert(bookmark));
        }
    }
}
