using Microsoft.EntityFrameworkCore;
using System.Buffers.Binary;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Workflows.Persistence.Instances;

namespace Workflows.Persistence.Database.SqlServer;

/// <summary>
/// SQL Server's rowversion: eight bytes, big-endian, growing per database and never above 2^63 in practice, so it
/// reads as a positive long and converts back exactly.
/// </summary>
internal sealed class SqlServerInstanceVersion : InstanceVersionToken
{
    public static readonly SqlServerInstanceVersion Instance = new();
    private const string Column = "RowVersion";

    public override void Configure(EntityTypeBuilder<InstanceRecord> instance) =>
        instance.Property<byte[]>(Column).IsRowVersion();

    public override void Expect(EntityEntry<InstanceRecord> entry, long? expected)
    {
        if (expected is { } loaded)
        {
            var bytes = new byte[sizeof(long)];
            BinaryPrimitives.WriteInt64BigEndian(bytes, loaded);
            entry.Property<byte[]>(Column).OriginalValue = bytes;
        }
    }

    private static readonly Func<WorkflowsDbContext, string, CancellationToken, Task<Loaded<byte[]>?>> Find = CompileFind<byte[]>(Column);

    public override async Task<(InstanceRecord Record, long Version)?> FindAsync(WorkflowsDbContext db, string instanceId, CancellationToken cancellationToken) =>
        await Find(db, instanceId, cancellationToken) is { } loaded ? (loaded.Record, BinaryPrimitives.ReadInt64BigEndian(loaded.Token)) : null;

    public override long Read(EntityEntry<InstanceRecord> entry) =>
        BinaryPrimitives.ReadInt64BigEndian(entry.Property<byte[]>(Column).CurrentValue);
}
