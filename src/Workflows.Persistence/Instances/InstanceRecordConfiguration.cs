using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Workflows.Persistence.Instances;

internal sealed class InstanceRecordConfiguration : IEntityTypeConfiguration<InstanceRecord>
{
    public void Configure(EntityTypeBuilder<InstanceRecord> builder)
    {
        builder.ToTable("WorkflowInstances");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Id).HasMaxLength(Lengths.Id);
        builder.Property(i => i.DefinitionId).HasMaxLength(Lengths.Id);
        builder.Property(i => i.Status).HasConversion<string>().HasMaxLength(Lengths.Code);
        builder.Property(i => i.CorrelationKey).HasMaxLength(Lengths.Text);
        builder.Property(i => i.StartedBy).HasMaxLength(Lengths.UserName);
        builder.Property(i => i.Title).HasMaxLength(InstanceRecord.MaxTitleLength);
        // A procedure's matters by status (and the administrator's list of them, newest first), paged and counted
        // from the index alone.
        builder.HasIndex(i => new { i.DefinitionId, i.Status, i.CreatedAt, i.Id });
        builder.HasIndex(i => i.CorrelationKey);
        // "Instances I started".
        builder.HasIndex(i => i.StartedBy);
        // The dashboard's matters started and finished per week, over the last weeks only.
        builder.HasIndex(i => i.CreatedAt);
        builder.HasIndex(i => i.FinishedAt);
    }
}
