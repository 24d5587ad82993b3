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
        // The dispatchers: "what of my kind is pending (and due)". The kind is in the key because e-mails written to the
        // pickup folder (no SMTP server) stay Pending for good: after a year they are most of the Pending rows, and the
        // document and batch polls would read every one of them each time.
        builder.HasIndex(o => new { o.State, o.Kind, o.NextAttemptAt });
        // The administrator's outbox list: e-mails newest first, all of them, of one state or of one matter, each read a page
        // at a time in an index's order rather than sorting a year of messages for each look. SQLite takes an index that
        // gives the order over one that finds fewer rows, so a state has its own; the matter's also serves the cascade from
        // its instance.
        builder.HasIndex(o => new { o.Kind, o.CreatedAt });
        builder.HasIndex(o => new { o.Kind, o.State, o.CreatedAt });
        builder.HasIndex(o => new { o.InstanceId, o.Kind, o.CreatedAt });
    }
}
