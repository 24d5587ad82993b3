using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Workflows.Persistence.Audit;

internal sealed class AuditRecordConfiguration : IEntityTypeConfiguration<AuditRecord>
{
    public void Configure(EntityTypeBuilder<AuditRecord> builder)
    {
        builder.ToTable("AuditLog");
        builder.HasKey(a => a.Sequence);
        builder.Property(a => a.Sequence).ValueGeneratedNever();
        builder.Property(a => a.Actor).HasMaxLength(Lengths.UserName);
        builder.Property(a => a.Address).HasMaxLength(Lengths.Code);
        builder.Property(a => a.Action).HasMaxLength(Lengths.Code);
        builder.Property(a => a.Target).HasMaxLength(Lengths.Text);
        builder.Property(a => a.PreviousHash).HasMaxLength(Lengths.Code);
        builder.Property(a => a.Hash).HasMaxLength(Lengths.Code);
        builder.HasIndex(a => a.At);
        builder.HasIndex(a => new { a.Actor, a.At });
    }
}
