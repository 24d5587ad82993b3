using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Workflows.Persistence.Attachments;

internal sealed class AttachmentConfiguration : IEntityTypeConfiguration<Attachment>
{
    public void Configure(EntityTypeBuilder<Attachment> builder)
    {
        builder.ToTable("Attachments");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).HasMaxLength(Lengths.Id);
        builder.Property(a => a.FileName).HasMaxLength(Lengths.Text);
        builder.Property(a => a.ContentType).HasMaxLength(Lengths.Text);
        builder.Property(a => a.Sha256).HasMaxLength(64).IsFixedLength();
        builder.Property(a => a.StoragePath).HasMaxLength(Lengths.Text);
        builder.Property(a => a.UploadedBy).HasMaxLength(Lengths.UserName);
        builder.Property(a => a.InstanceId).HasMaxLength(Lengths.Id);
        builder.HasIndex(a => a.Sha256);
        builder.HasIndex(a => a.InstanceId);
    }
}
