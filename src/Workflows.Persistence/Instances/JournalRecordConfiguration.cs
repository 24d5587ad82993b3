using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Workflows.Persistence.Instances;

internal sealed class JournalRecordConfiguration : IEntityTypeConfiguration<JournalRecord>
{
    public void Configure(EntityTypeBuilder<JournalRecord> builder)
    {
        builder.ToTable("Journal");
        builder.HasKey(j => new { j.InstanceId, j.Sequence });
        // Sequence numbers come from the instance (JournalLength), never from the database.
        builder.Property(j => j.Sequence).ValueGeneratedNever();
        builder.Property(j => j.InstanceId).HasMaxLength(Lengths.Id);
        builder.Property(j => j.Event).HasMaxLength(Lengths.Code);
        builder.Property(j => j.ActivityId).HasMaxLength(Lengths.Id);
        builder.Property(j => j.ActivityType).HasMaxLength(Lengths.Code);
        builder.Property(j => j.Outcome).HasMaxLength(Lengths.Text);
        builder.Property(j => j.Actor).HasMaxLength(Lengths.UserName);
        // "Instances I acted on" (and the done-tasks view).
        builder.HasIndex(j => j.Actor);
        builder.HasOne<InstanceRecord>().WithMany().HasForeignKey(j => j.InstanceId).OnDelete(DeleteBehavior.Cascade);
    }
}
