using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Workflows.Persistence.Documents;

internal sealed class DocumentTemplateRecordConfiguration : IEntityTypeConfiguration<DocumentTemplateRecord>
{
    public void Configure(EntityTypeBuilder<DocumentTemplateRecord> builder)
    {
        builder.ToTable("DocumentTemplates");
        builder.HasKey(t => t.Key);
        builder.Property(t => t.Key).HasMaxLength(Lengths.Code);
        builder.Property(t => t.Name).HasMaxLength(Lengths.Text);
        builder.Property(t => t.NumberPrefix).HasMaxLength(Lengths.Code);
        builder.Property(t => t.Publicity).HasMaxLength(Lengths.Code);
        builder.Property(t => t.PrintedBy).HasMaxLength(Lengths.Text);
        builder.Property(t => t.AnnexTitle).HasMaxLength(Lengths.Text);
        builder.Property(t => t.UpdatedBy).HasMaxLength(Lengths.UserName);
    }
}
