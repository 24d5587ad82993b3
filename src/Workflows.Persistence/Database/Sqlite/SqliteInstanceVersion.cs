using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Workflows.Persistence.Instances;

namespace Workflows.Persistence.Database.Sqlite;

/// <summary>SQLite has no row version of its own, so the store counts: each commit writes expected + 1.</summary>
internal sealed class SqliteInstanceVersion : InstanceVersionToken
{
    public static readonly SqliteInstanceVersion Instance = new();
    private const string Column = "Version";

    public override void Configure(EntityTypeBuilder<InstanceRecord> instance) =>
        instance.Property<long>(Column).IsConcurrencyToken();

    public override void Expect(EntityEntry<InstanceRecord> entry, long? expected)
    {
        var version = entry.Property<long>(Column);
        // Current first: on a row attached as modified, setting it after the original overwrote the original too.
        version.CurrentValue = (expected ?? 0) + 1;
        if (expected is { } loaded)
        {
            version.OriginalValue = loaded;
        }
    }

    private static readonly Func<WorkflowsDbContext, string, CancellationToken, Task<Loaded<long>?>> Find = CompileFind<long>(Column);

    public override async Task<(InstanceRecord Record, long Version)?> FindAsync(WorkflowsDbContext db, string instanceId, CancellationToken cancellationToken) =>
        await Find(db, instanceId, cancellationToken) is { } loaded ? (loaded.Record, loaded.Token) : null;

    public override long Read(EntityEntry<InstanceRecord> entry) => entry.Property<long>(Column).CurrentValue;
}
