using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Workflows.Persistence.Definitions;

internal sealed class DefinitionArchiveRecordConfiguration : IEntityTypeConfiguration<DefinitionArchiveRecord>
{
    public void Configure(EntityTypeBuilder<DefinitionArchiveRecord> builder)
    {
        builder.ToTable("DefinitionArchives");
        // One row per definition: two administrators archiving at once collide on the key, and the second is told it is archived.
        builder.HasKey(a => a.DefinitionId);
        builder.Property(a => a.DefinitionId).HasMaxLength(Lengths.Id);
        builder.Property(a => a.ArchivedBy).HasMaxLength(Lengths.UserName);
    }
}
