using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Workflows.Persistence.Instances;

namespace Workflows.Persistence.Documents;

internal sealed class GeneratedDocumentRecordConfiguration : IEntityTypeConfiguration<GeneratedDocumentRecord>
{
    public void Configure(EntityTypeBuilder<GeneratedDocumentRecord> builder)
    {
        builder.ToTable("GeneratedDocuments");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).HasMaxLength(Lengths.Id);
        builder.Property(d => d.InstanceId).HasMaxLength(Lengths.Id);
        builder.Property(d => d.ActivityId).HasMaxLength(Lengths.Id);
        builder.Property(d => d.TemplateKey).HasMaxLength(Lengths.Code);
        builder.Property(d => d.Title).HasMaxLength(Lengths.Text);
        builder.Property(d => d.FileName).HasMaxLength(Lengths.Text);
        builder.Property(d => d.State).HasMaxLength(Lengths.Code).IsConcurrencyToken();
        builder.Property(d => d.Number).HasMaxLength(Lengths.Text);
        builder.Property(d => d.NumberPrefix).HasMaxLength(Lengths.Code);
        builder.Property(d => d.Publicity).HasMaxLength(Lengths.Code);
        builder.Property(d => d.SignedBy).HasMaxLength(Lengths.UserName);
        builder.Property(d => d.UpdatedBy).HasMaxLength(Lengths.UserName);
        builder.Property(d => d.VoidedBy).HasMaxLength(Lengths.UserName);
        builder.Property(d => d.VoidReason).HasMaxLength(Lengths.Text);
        builder.Property(d => d.DocxAttachmentId).HasMaxLength(Lengths.Id);
        builder.Property(d => d.HtmlAttachmentId).HasMaxLength(Lengths.Id);
        builder.HasOne<InstanceRecord>().WithMany().HasForeignKey(d => d.InstanceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(d => d.InstanceId);
        // The register hands out each number once; this is the database's last word should two issuers ever disagree.
        builder.HasIndex(d => new { d.NumberPrefix, d.Year, d.Sequence }).IsUnique();
    }
}
