using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Workflows.Persistence.Instances;

namespace Workflows.Persistence.Timers;

internal sealed class TimerRecordConfiguration : IEntityTypeConfiguration<TimerRecord>
{
    public void Configure(EntityTypeBuilder<TimerRecord> builder)
    {
        builder.ToTable("Timers");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).HasMaxLength(Lengths.Id);
        builder.Property(t => t.InstanceId).HasMaxLength(Lengths.Id);
        builder.Property(t => t.BookmarkId).HasMaxLength(Lengths.Id);
        builder.Property(t => t.Action).HasMaxLength(Lengths.Code);
        builder.HasOne<InstanceRecord>().WithMany().HasForeignKey(t => t.InstanceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(t => t.InstanceId);
        // The sweep: "what is due and still here".
        builder.HasIndex(t => t.DueAt);
    }
}
