using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Workflows.Persistence.Organisation;

internal sealed class WorkflowUserConfiguration : IEntityTypeConfiguration<WorkflowUser>
{
    public void Configure(EntityTypeBuilder<WorkflowUser> builder)
    {
        builder.Property(u => u.DisplayName).HasMaxLength(Lengths.UserName);
        builder.Property(u => u.DepartmentCode).HasMaxLength(Lengths.Code);
        builder.Property(u => u.SupervisorUserName).HasMaxLength(Lengths.UserName);
        // A department with people in it cannot be deleted by accident.
        builder.HasOne<Department>().WithMany().HasForeignKey(u => u.DepartmentCode).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(u => u.DepartmentCode);
    }
}
