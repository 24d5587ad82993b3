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
        builder.Property(d => d.Number).HasMaxLength(Lengths.Text);
        builder.Property(d => d.NumberPrefix).HasMaxLength(Lengths.Code);
        builder.Property(d => d.DocxAttachmentId).HasMaxLength(Lengths.Id);
        builder.Property(d => d.HtmlAttachmentId).HasMaxLength(Lengths.Id);
        builder.HasOne<InstanceRecord>().WithMany().HasForeignKey(d => d.InstanceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(d => d.InstanceId);
        // Two dispatchers numbering at once: the second insert fails and retries with the next number.
        builder.HasIndex(d => new { d.NumberPrefix, d.Year, d.Sequence }).IsUnique();
    }
}
