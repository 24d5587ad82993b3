using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Workflows.Persistence.Instances;

namespace Workflows.Persistence.Tasks;

internal sealed class TaskRecordConfiguration : IEntityTypeConfiguration<TaskRecord>
{
    public void Configure(EntityTypeBuilder<TaskRecord> builder)
    {
        builder.ToTable("Tasks");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).HasMaxLength(Lengths.Id);
        builder.Property(t => t.InstanceId).HasMaxLength(Lengths.Id);
        builder.Property(t => t.DefinitionId).HasMaxLength(Lengths.Id);
        builder.Property(t => t.ActivityId).HasMaxLength(Lengths.Id);
        builder.Property(t => t.Title).HasMaxLength(Lengths.Text);
        builder.Property(t => t.Mode).HasMaxLength(Lengths.Code);
        builder.Property(t => t.Status).HasConversion<string>().HasMaxLength(Lengths.Code);
        builder.Property(t => t.ClosedBy).HasMaxLength(Lengths.UserName);
        builder.Property(t => t.Outcome).HasMaxLength(Lengths.Code);
        builder.HasOne<InstanceRecord>().WithMany().HasForeignKey(t => t.InstanceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(t => t.InstanceId);
        // Open tasks by due date, undated last: the administrator's list a page at a time and its count, and the overdue
        // count, from the index alone. The calendar finds provisional ones.
        builder.HasIndex(t => new { t.Status, t.DueOrder, t.CreatedAt, t.Id });
        builder.HasIndex(t => new { t.Status, t.DueProvisional });
        builder.HasIndex(t => t.ClosedBy);
        // The dashboard's "completed in the last 30 days", without reading a year of completed tasks.
        builder.HasIndex(t => new { t.Status, t.ClosedAt });
    }
}

internal sealed class TaskParticipantRecordConfiguration : IEntityTypeConfiguration<TaskParticipantRecord>
{
    /// <summary>What the inbox's search checks on each entry, carried at the end of the open and done lists' indexes.</summary>
    public static readonly string[] SearchedColumns =
        [nameof(TaskParticipantRecord.IndexedSearchText), nameof(TaskParticipantRecord.DefinitionId), nameof(TaskParticipantRecord.StartedBy)];

    public void Configure(EntityTypeBuilder<TaskParticipantRecord> builder)
    {
        builder.ToTable("TaskParticipants");
        builder.HasKey(p => new { p.TaskId, p.Kind, p.Value });
        builder.Property(p => p.TaskId).HasMaxLength(Lengths.Id);
        builder.Property(p => p.Kind).HasConversion<string>().HasMaxLength(Lengths.Code);
        builder.Property(p => p.Value).HasMaxLength(Lengths.UserName);
        builder.Property(p => p.SearchText).HasMaxLength(TaskParticipantRecord.MaxSearchTextLength);
        builder.Property(p => p.IndexedSearchText).HasMaxLength(TaskParticipantRecord.IndexedSearchTextLength);
        builder.Property(p => p.DefinitionId).HasMaxLength(Lengths.Id);
        builder.Property(p => p.InstanceId).HasMaxLength(Lengths.Id);
        builder.Property(p => p.StartedBy).HasMaxLength(Lengths.UserName);
        builder.Property(p => p.TaskStatus).HasConversion<string>().HasMaxLength(Lengths.Code);
        builder.HasOne<TaskRecord>().WithMany().HasForeignKey(p => p.TaskId).OnDelete(DeleteBehavior.Cascade);
        // "My tasks" and "offered to my roles": by who, then in the inbox's order (due date, creation, task). Active in
        // the key makes the inbox read the index alone, in order: a person's signer rows of a whole year are several
        // thousand, and a page reads the first twenty open ones and their tasks. What a search checks comes last, after
        // the unique task: it does not change the order, and a search checks each entry without reading its row.
        builder.HasIndex(p => new { p.Kind, p.Value, p.Active, p.DueOrder, p.TaskCreatedAt, p.TaskId, p.IndexedSearchText, p.DefinitionId, p.StartedBy });
        // "What I did", newest first, read in index order (DoneAt is set exactly when Done): a page costs the same
        // after a year as after a week; so does a search of it, as above.
        builder.HasIndex(p => new { p.Kind, p.Value, p.DoneAt, p.TaskId, p.IndexedSearchText, p.DefinitionId, p.StartedBy });
        // A person's dashboard: the open tasks they see and those completed in its window, without a year of closed ones;
        // and the matters their tasks belong to, from the index alone.
        builder.HasIndex(p => new { p.Kind, p.Value, p.TaskStatus, p.TaskClosedAt, p.TaskId, p.InstanceId });
    }
}

internal sealed class CcItemRecordConfiguration : IEntityTypeConfiguration<CcItemRecord>
{
    public void Configure(EntityTypeBuilder<CcItemRecord> builder)
    {
        builder.ToTable("CcItems");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).HasMaxLength(Lengths.Id);
        builder.Property(c => c.InstanceId).HasMaxLength(Lengths.Id);
        builder.Property(c => c.DefinitionId).HasMaxLength(Lengths.Id);
        builder.Property(c => c.TaskId).HasMaxLength(Lengths.Id);
        builder.Property(c => c.UserName).HasMaxLength(Lengths.UserName);
        builder.Property(c => c.Title).HasMaxLength(Lengths.Text);
        builder.HasOne<InstanceRecord>().WithMany().HasForeignKey(c => c.InstanceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.UserName, c.CreatedAt });
    }
}
