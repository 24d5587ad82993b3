using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Workflows.Persistence.Definitions;

internal sealed class DefinitionVersionRecordConfiguration : IEntityTypeConfiguration<DefinitionVersionRecord>
{
    public void Configure(EntityTypeBuilder<DefinitionVersionRecord> builder)
    {
        builder.ToTable("DefinitionVersions");
        // The key is the unique (definitionId, version): two writers creating the same new version collide on it.
        builder.HasKey(d => new { d.DefinitionId, d.Version });
        builder.Property(d => d.Version).ValueGeneratedNever();
        builder.Property(d => d.DefinitionId).HasMaxLength(Lengths.Id);
        builder.Property(d => d.Name).HasMaxLength(Lengths.Text);
        builder.Property(d => d.CreatedBy).HasMaxLength(Lengths.UserName);
        builder.Property(d => d.PublishedBy).HasMaxLength(Lengths.UserName);
        builder.Property(d => d.Revision).IsConcurrencyToken();
        builder.HasIndex(d => new { d.DefinitionId, d.IsPublished });
        builder.HasIndex(d => d.IsLatest);
    }
}
