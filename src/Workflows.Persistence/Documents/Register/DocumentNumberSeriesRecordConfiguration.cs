using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Workflows.Persistence.Documents.Register;

internal sealed class DocumentNumberSeriesRecordConfiguration : IEntityTypeConfiguration<DocumentNumberSeriesRecord>
{
    public void Configure(EntityTypeBuilder<DocumentNumberSeriesRecord> builder)
    {
        builder.ToTable("DocumentNumberSeries");
        builder.HasKey(s => new { s.Prefix, s.Year });
        builder.Property(s => s.Prefix).HasMaxLength(Lengths.Code);
        builder.Property(s => s.UpdatedBy).HasMaxLength(Lengths.UserName);
    }
}
