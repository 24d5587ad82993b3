using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Workflows.Persistence.Email;

internal sealed class EmailTemplateRecordConfiguration : IEntityTypeConfiguration<EmailTemplateRecord>
{
    public void Configure(EntityTypeBuilder<EmailTemplateRecord> builder)
    {
        builder.ToTable("EmailTemplates");
        builder.HasKey(t => t.Key);
        builder.Property(t => t.Key).HasMaxLength(Lengths.Code);
        builder.Property(t => t.Subject).HasMaxLength(Lengths.Text);
        builder.Property(t => t.UpdatedBy).HasMaxLength(Lengths.UserName);
    }
}
