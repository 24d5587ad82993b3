using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Workflows.Core.Runtime;

namespace Workflows.Persistence.Instances;

/// <summary>
/// How one provider keeps an instance row's optimistic concurrency token, which the engine sees as
/// <see cref="WorkflowInstance.Version"/>: rowversion on SQL Server, xmin on PostgreSQL, a counter on SQLite.
/// Either way the UPDATE matches only the version the burst loaded, so the database decides every race.
/// </summary>
internal abstract class InstanceVersionToken
{
    public abstract void Configure(EntityTypeBuilder<InstanceRecord> instance);

    /// <summary>Prepares a tracked row for the commit: an update must find <paramref name="expected"/>; null is a new row.</summary>
    public abstract void Expect(EntityEntry<InstanceRecord> entry, long? expected);

    /// <summary>The row's token, after loading it or saving it, as the engine's version.</summary>
    public abstract long Read(EntityEntry<InstanceRecord> entry);

    /// <summary>
    /// The instance row and its token, or null: untracked, by a query compiled once per provider. Every resume starts
    /// here, and a tracked query built from its expression on each call cost more client time than the SELECT itself.
    /// </summary>
    public abstract Task<(InstanceRecord Record, long Version)?> FindAsync(WorkflowsDbContext db, string instanceId, CancellationToken cancellationToken);

    /// <summary>What the compiled query returns: the row and the provider's token as it is stored.</summary>
    protected sealed record Loaded<TToken>(InstanceRecord Record, TToken Token);

    /// <summary>The find query, compiled once by each provider for its token's column.</summary>
    protected static Func<WorkflowsDbContext, string, CancellationToken, Task<Loaded<TToken>?>> CompileFind<TToken>(string column) =>
        EF.CompileAsyncQuery((WorkflowsDbContext db, string id, CancellationToken cancellationToken) => db.Instances.AsNoTracking().Where(i => i.Id == id)
            .Select(i => new Loaded<TToken>(i, EF.Property<TToken>(i, column))).FirstOrDefault());
}
