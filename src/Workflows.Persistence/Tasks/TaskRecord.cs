namespace Workflows.Persistence.Tasks;

public enum TaskStatus
{
    Open,
    Completed,
    Cancelled,
}

/// <summary>
/// The inbox's view of a user task, projected from its bookmark in the burst that changes it. Open while the
/// bookmark exists; kept afterwards, Completed or Cancelled, for the "done" list and the record.
/// </summary>
public sealed class TaskRecord
{
    public string Id { get; set; } = "";
    public string InstanceId { get; set; } = "";
    public string DefinitionId { get; set; } = "";
    public string ActivityId { get; set; } = "";
    public string Title { get; set; } = "";
    public string Mode { get; set; } = "";
    public TaskStatus Status { get; set; }
    /// <summary>False while the task is only offered to roles or departments.</summary>
    public bool Claimed { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DueAt { get; set; }
    /// <summary>
    /// <see cref="DueAt"/>, or <see cref="Undated"/> when there is none: the administrator's list of open tasks is read
    /// in index order (due date, undated last, then creation) instead of sorting every open task of the office.
    /// </summary>
    public DateTimeOffset DueOrder { get; set; } = Undated;
    public DateTimeOffset? HardDueAt { get; set; }
    public DateTimeOffset? RemindAt { get; set; }
    public bool DueProvisional { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public string? ClosedBy { get; set; }
    public string? Outcome { get; set; }
    /// <summary>The outcomes offered, JSON.</summary>
    public string Outcomes { get; set; } = "[]";
    /// <summary>The task state at its last change (the bookmark payload), JSON.</summary>
    public string State { get; set; } = "{}";

    /// <summary>A copy to change, beside the row as it was loaded.</summary>
    public TaskRecord Copy() => (TaskRecord)MemberwiseClone();

    /// <summary>After every real date on every database (SQL Server's datetimeoffset ends in 9999): undated tasks come last.</summary>
    public static readonly DateTimeOffset Undated = new(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);
}

public enum ParticipantKind
{
    Signer,
    CandidateRole,
    CandidateDepartment,
    /// <summary>A role within a department: the value is <c>role@department</c> (<see cref="Workflows.Core.Tasks.RoleInDepartment.Key"/>).</summary>
    CandidateRoleInDepartment,
}

/// <summary>Who a task reaches: its signers (with whether they must act now) and the roles (district-wide or within a department) and departments it is offered to.</summary>
public sealed class TaskParticipantRecord
{
    public string TaskId { get; set; } = "";
    public ParticipantKind Kind { get; set; }
    public string Value { get; set; } = "";
    public bool Active { get; set; }
    public bool Done { get; set; }
    /// <summary>When the signer finished their part (the one who closed the task: when it closed), set exactly when <see cref="Done"/>; orders the "done" list.</summary>
    public DateTimeOffset? DoneAt { get; set; }
    /// <summary>
    /// The task's <see cref="TaskRecord.DueOrder"/> and creation, copied from the task so an open inbox is read in the
    /// order of its participant index instead of sorting every task the person has.
    /// </summary>
    public DateTimeOffset DueOrder { get; set; } = TaskRecord.Undated;
    public DateTimeOffset TaskCreatedAt { get; set; }

    /// <summary>
    /// The task's <see cref="TaskRecord.Status"/> and <see cref="TaskRecord.ClosedAt"/>, copied when it closes: a
    /// person's dashboard reads their rows of open tasks and of tasks completed lately, not their whole history.
    /// </summary>
    public TaskStatus TaskStatus { get; set; }
    public DateTimeOffset? TaskClosedAt { get; set; }

    /// <summary>
    /// What the inbox's search looks in, copied from the task and its matter (<see cref="SearchTextOf"/>), with the
    /// procedure and who started the matter: a search walks the person's own rows in index order and checks these on
    /// each, instead of looking up every task and matter of their list.
    /// </summary>
    public string SearchText { get; set; } = "";

    /// <summary>
    /// <see cref="SearchText"/> when it is at most <see cref="IndexedSearchTextLength"/> characters (nearly always), else
    /// null. It is carried in the person's inbox indexes with the procedure and the starter, so a search checks their
    /// entries without reading a row for each; only a longer text is looked up in its row.
    /// </summary>
    public string? IndexedSearchText { get; set; }
    public string DefinitionId { get; set; } = "";
    /// <summary>The task's matter: the matters a person may see are read from their own rows, without looking up each task.</summary>
    public string InstanceId { get; set; } = "";
    public string? StartedBy { get; set; }

    /// <summary>A copy to change, beside the row as it was loaded.</summary>
    public TaskParticipantRecord Copy() => (TaskParticipantRecord)MemberwiseClone();

    /// <summary>Between the step's title and the matter's, so a term never matches across the two.</summary>
    public const char SearchSeparator = '\u001f';
    public const int MaxSearchTextLength = Lengths.Text * 2 + 1;

    /// <summary>Short enough for an index entry on every database (PostgreSQL's are at most about 2,700 bytes).</summary>
    public const int IndexedSearchTextLength = 200;

    public static string? IndexedSearchTextOf(string searchText) => searchText.Length <= IndexedSearchTextLength ? searchText : null;

    /// <summary>The step's title, then the matter's (as the instance row stores it, or nothing yet).</summary>
    public static string SearchTextOf(string stepTitle, string? matterTitle)
    {
        var text = $"{stepTitle}{SearchSeparator}{matterTitle}";
        return text.Length > MaxSearchTextLength ? text[..MaxSearchTextLength] : text;
    }
}

/// <summary>抄送: a read-only inbox item for one person, with whether they have read it.</summary>
public sealed class CcItemRecord
{
    public string Id { get; set; } = "";
    public string InstanceId { get; set; } = "";
    public string DefinitionId { get; set; } = "";
    public string? TaskId { get; set; }
    public string UserName { get; set; } = "";
    public string Title { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
}
