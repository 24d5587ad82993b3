using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Workflows.Persistence.Organisation;

internal sealed class DepartmentConfiguration : IEntityTypeConfiguration<Department>
{
    public void Configure(EntityTypeBuilder<Department> builder)
    {
        builder.ToTable("Departments");
        builder.HasKey(d => d.Code);
        builder.Property(d => d.Code).HasMaxLength(Lengths.Code);
        builder.Property(d => d.Name).HasMaxLength(Lengths.Text);
        builder.Property(d => d.ParentCode).HasMaxLength(Lengths.Code);
        builder.HasOne<Department>().WithMany().HasForeignKey(d => d.ParentCode).OnDelete(DeleteBehavior.Restrict);
    }
}
