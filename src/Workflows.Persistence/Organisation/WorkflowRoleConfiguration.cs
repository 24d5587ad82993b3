using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Workflows.Persistence.Organisation;

internal sealed class WorkflowRoleConfiguration : IEntityTypeConfiguration<WorkflowRole>
{
    public void Configure(EntityTypeBuilder<WorkflowRole> builder) =>
        builder.Property(r => r.DisplayName).HasMaxLength(Lengths.UserName);
}
