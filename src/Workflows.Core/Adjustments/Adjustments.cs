using System.Text.Json.Nodes;

namespace Workflows.Core.Adjustments;

/// <summary>改派: the open task <see cref="TaskId"/> goes to <see cref="UserName"/>, in place of <see cref="From"/> (needed when several people are due on it).</summary>
public sealed record ReassignTask(string TaskId, string? UserName, string? From, string? Reason);

/// <summary>延期: the open task's new due date (a date means the end of that day) and, optionally, its new limit.</summary>
public sealed record ChangeDueDate(string TaskId, string? DueAt, string? HardDueAt, string? Reason);

/// <summary>跳转: the open work is cancelled and the matter continues at <see cref="ActivityId"/>.</summary>
public sealed record JumpTo(string? ActivityId, string? Reason);

/// <summary>A variable of the matter gets a new value.</summary>
public sealed record ChangeVariable(string Name, JsonNode? Value, string? Reason);

public static class AdjustmentEvents
{
    public const string TaskReassigned = "TaskReassigned";
    public const string TaskDueDateChanged = "TaskDueDateChanged";
    public const string InstanceJumped = "InstanceJumped";
    public const string VariableChanged = "VariableChanged";
}
