using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Workflows.Persistence.Instances;

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("Outbox");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Id).HasMaxLength(Lengths.Id);
        builder.Property(o => o.InstanceId).HasMaxLength(Lengths.Id);
        builder.Property(o => o.ActivityId).HasMaxLength(Lengths.Id);
        builder.Property(o => o.Kind).HasMaxLength(Lengths.Code);
        builder.Property(o => o.State).HasConversion<string>().HasMaxLength(Lengths.Code);
        builder.HasOne<InstanceRecord>().WithMany().HasForeignKey(o => o.InstanceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(o => o.InstanceId);
        // The dispatchers: "what of my kind is pending (and due)". The kind is in the key because e-mails written to the
        // pickup folder (no SMTP server) stay Pending for good: after a year they are most of the Pending rows, and the
        // document and batch polls would read every one of them each time.
        builder.HasIndex(o => new { o.State, o.Kind, o.NextAttemptAt });
    }
}
