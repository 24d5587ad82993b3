using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Workflows.Persistence.Instances;

namespace Workflows.Persistence.Archive;

internal sealed class MatterArchiveRecordConfiguration : IEntityTypeConfiguration<MatterArchiveRecord>
{
    public void Configure(EntityTypeBuilder<MatterArchiveRecord> builder)
    {
        builder.ToTable("MatterArchives");
        builder.HasKey(a => a.InstanceId);
        builder.Property(a => a.InstanceId).HasMaxLength(Lengths.Id);
        builder.Property(a => a.ArchivedBy).HasMaxLength(Lengths.UserName);
        builder.HasOne<InstanceRecord>().WithOne().HasForeignKey<MatterArchiveRecord>(a => a.InstanceId).OnDelete(DeleteBehavior.Cascade);
    }
}
