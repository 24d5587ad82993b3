using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Workflows.Persistence.Instances;

internal sealed class BookmarkRecordConfiguration : IEntityTypeConfiguration<BookmarkRecord>
{
    public void Configure(EntityTypeBuilder<BookmarkRecord> builder)
    {
        builder.ToTable("Bookmarks");
        builder.HasKey(b => b.Id);
        builder.Property(b => b.Id).HasMaxLength(Lengths.Id);
        builder.Property(b => b.InstanceId).HasMaxLength(Lengths.Id);
        builder.Property(b => b.ActivityId).HasMaxLength(Lengths.Id);
        builder.Property(b => b.ActivityType).HasMaxLength(Lengths.Code);
        builder.Property(b => b.Kind).HasMaxLength(Lengths.Code);
        builder.HasOne<InstanceRecord>().WithMany().HasForeignKey(b => b.InstanceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(b => b.InstanceId);
        // The timer sweep: "which Timer bookmarks are due".
        builder.HasIndex(b => new { b.Kind, b.DueAt });
    }
}
