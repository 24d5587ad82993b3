using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Workflows.Persistence.Triggers;

internal sealed class ApiKeyRecordConfiguration : IEntityTypeConfiguration<ApiKeyRecord>
{
    public void Configure(EntityTypeBuilder<ApiKeyRecord> builder)
    {
        builder.ToTable("ApiKeys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Id).HasMaxLength(Lengths.Id);
        builder.Property(k => k.DefinitionId).HasMaxLength(Lengths.Id);
        builder.Property(k => k.Name).HasMaxLength(Lengths.Text);
        builder.Property(k => k.Prefix).HasMaxLength(Lengths.Code);
        builder.Property(k => k.Hash).HasMaxLength(Lengths.Code);
        builder.Property(k => k.CreatedBy).HasMaxLength(Lengths.UserName);
        builder.Property(k => k.RevokedBy).HasMaxLength(Lengths.UserName);
        builder.HasIndex(k => k.Hash).IsUnique();
        builder.HasIndex(k => k.DefinitionId);
    }
}
