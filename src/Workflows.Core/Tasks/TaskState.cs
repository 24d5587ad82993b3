using System.Text.Json;
using System.Text.Json.Nodes;
using Workflows.Core.Activities;
using Workflows.Core.Runtime;

namespace Workflows.Core.Tasks;

public static class TaskModes
{
    public const string Single = "single";
    /// <summary>或签: the first completion ends the task for everyone.</summary>
    public const string Any = "any";
    /// <summary>并行会签: every signer completes; the outcome follows the consensus rule.</summary>
    public const string All = "all";
    /// <summary>串行会签: signers complete in the listed order.</summary>
    public const string Sequential = "sequential";

    public static readonly IReadOnlyList<string> Known = [Single, Any, All, Sequential];
}

public static class ConsensusRules
{
    /// <summary>Default: the first outcome listed approves; any other outcome chosen by anyone decides the task.</summary>
    public const string AnyRejects = "anyRejects";
    /// <summary>The outcome chosen most often; a tie goes to the outcome listed later (the stricter one).</summary>
    public const string Majority = "majority";

    public static readonly IReadOnlyList<string> Known = [AnyRejects, Majority];
}

public enum SignerState
{
    Pending,
    Done,
}

/// <summary>One person on a task, with what they decided.</summary>
public sealed class TaskSigner
{
    public string UserName { get; set; } = "";
    public SignerState State { get; set; }
    /// <summary>Added by 加签 in single/any mode: the task also needs this person's completion.</summary>
    public bool Required { get; set; }
    public string? Outcome { get; set; }
    public string? Comment { get; set; }
    public JsonObject? Data { get; set; }
    public DateTimeOffset? At { get; set; }
    /// <summary>转办: the original assignee this task was delegated from (kept through a chain of delegations).</summary>
    public string? DelegatedFrom { get; set; }
    /// <summary>加签: who added this signer.</summary>
    public string? AddedBy { get; set; }
}

/// <summary>
/// A user task's live state, kept as its bookmark's payload: who acts, who has acted, deadlines. The inbox reads it;
/// <see cref="UserTask"/> changes it.
/// </summary>
public sealed class TaskState
{
    public string Title { get; set; } = "";
    public string Mode { get; set; } = TaskModes.Single;
    public string Consensus { get; set; } = ConsensusRules.AnyRejects;
    public List<TaskOutcome> Outcomes { get; set; } = [];
    public TaskForm? Form { get; set; }
    public List<TaskSigner> Signers { get; set; } = [];
    /// <summary>Roles and departments the task is offered to until someone claims it (single and any modes).</summary>
    public List<string> CandidateRoles { get; set; } = [];
    public List<string> CandidateDepartments { get; set; } = [];
    /// <summary>Roles offered only to their holders in a case's department (and below).</summary>
    public List<RoleInDepartment> CandidateScopedRoles { get; set; } = [];

    /// <summary>Everyone the unclaimed task is offered to, as an assignment.</summary>
    public Assignees Candidates => new([], CandidateRoles, CandidateDepartments) { ScopedRoles = CandidateScopedRoles };
    public DateTimeOffset CreatedAt { get; set; }
    public TaskDeadlines Deadlines { get; set; } = new();
    public DateTimeOffset? LastUrgedAt { get; set; }
    /// <summary>What the deadline timers have done so far; <see cref="TaskTimers"/> plans the next ones from it.</summary>
    public TaskAlerts Alerts { get; set; } = new();
    /// <summary>The definition's deadline and notification inputs, evaluated, for recomputing and for the scheduler.</summary>
    public JsonObject Settings { get; set; } = [];

    public bool IsClaimed => Signers.Count > 0;

    /// <summary>Who must (or, in single and any modes, may) act now.</summary>
    public IEnumerable<TaskSigner> ActiveSigners => ActiveAmong(Mode, Signers);

    /// <summary>Who acts now among <paramref name="signers"/> of a task in <paramref name="mode"/>: in turn for sequential, else every pending one.</summary>
    public static IEnumerable<TaskSigner> ActiveAmong(string mode, IEnumerable<TaskSigner> signers) => mode == TaskModes.Sequential
        ? signers.Where(s => s.State == SignerState.Pending).Take(1)
        : signers.Where(s => s.State == SignerState.Pending);

    public TaskSigner? ActiveSigner(string userName) => ActiveSigners.FirstOrDefault(s => s.UserName == userName);

    public static TaskState Read(Bookmark bookmark) =>
        bookmark.Payload.Deserialize<TaskState>(InstanceJson.Options) ?? throw new InvalidOperationException($"bookmark {bookmark.Id} holds no task");

    public JsonObject ToPayload() => JsonSerializer.SerializeToNode(this, InstanceJson.Options)!.AsObject();
}

/// <summary>Target (due), limit (hard due) and when the task turns yellow (remind); provisional when a year had no calendar data.</summary>
public sealed class TaskDeadlines
{
    public DateTimeOffset? DueAt { get; set; }
    public DateTimeOffset? HardDueAt { get; set; }
    public DateTimeOffset? RemindAt { get; set; }
    public bool Provisional { get; set; }
}

/// <summary>The automatic 催办 and 督办 a task has had.</summary>
public sealed class TaskAlerts
{
    public DateTimeOffset? RemindedAt { get; set; }
    /// <summary>First-level escalations sent so far.</summary>
    public int Escalations { get; set; }
    /// <summary>When the next first-level escalation is due; null before the first (it is due at the due date).</summary>
    public DateTimeOffset? NextEscalationAt { get; set; }
    /// <summary>Set once the repeat limit is reached: no more first-level escalations.</summary>
    public bool EscalationsDone { get; set; }
    public DateTimeOffset? SecondLevelAt { get; set; }
}
