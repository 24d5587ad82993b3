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
        // "Instances I acted on" (and the done-tasks view). With the instance in the key, "did I act on this matter" is one
        // seek: on Actor alone, checking a list of matters read every journal row of the person for each of them.
        builder.HasIndex(j => new { j.Actor, j.InstanceId });
        builder.HasOne<InstanceRecord>().WithMany().HasForeignKey(j => j.InstanceId).OnDelete(DeleteBehavior.Cascade);
    }
}
