using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Workflows.Persistence.Instances;

namespace Workflows.Persistence.Database.PostgreSql;

/// <summary>
/// PostgreSQL's xmin system column (the id of the transaction that wrote the row version): Npgsql maps a uint row
/// version to it, so there is no column to create and every UPDATE changes it.
/// </summary>
internal sealed class PostgreSqlInstanceVersion : InstanceVersionToken
{
    public static readonly PostgreSqlInstanceVersion Instance = new();
    private const string Column = "xmin";

    public override void Configure(EntityTypeBuilder<InstanceRecord> instance) =>
        instance.Property<uint>(Column).IsRowVersion();

    public override void Expect(EntityEntry<InstanceRecord> entry, long? expected)
    {
        if (expected is { } loaded)
        {
            entry.Property<uint>(Column).OriginalValue = checked((uint)loaded);
        }
    }

    private static readonly Func<WorkflowsDbContext, string, CancellationToken, Task<Loaded<uint>?>> Find = CompileFind<uint>(Column);

    public override async Task<(InstanceRecord Record, long Version)?> FindAsync(WorkflowsDbContext db, string instanceId, CancellationToken cancellationToken) =>
        await Find(db, instanceId, cancellationToken) is { } loaded ? (loaded.Record, loaded.Token) : null;

    public override long Read(EntityEntry<InstanceRecord> entry) => entry.Property<uint>(Column).CurrentValue;
}
