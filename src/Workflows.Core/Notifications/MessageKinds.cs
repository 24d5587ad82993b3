namespace Workflows.Core.Notifications;

/// <summary>The kinds of e-mail the product sends by itself; each is rendered with the template of the same key.</summary>
public static class MessageKinds
{
    /// <summary>待办: a task now waits for these people (created, delegated 转办, added 加签, their turn in 串行会签).</summary>
    public const string TaskAssigned = "task-assigned";
    /// <summary>催办: before the due date, or when someone urges the task.</summary>
    public const string Reminder = "reminder";
    /// <summary>督办: overdue, to the supervisors or <c>escalateTo</c>; a second level at the hard due date.</summary>
    public const string Escalation = "escalation";
    /// <summary>退回: a step was completed with an outcome marked <c>returns</c>; to the starter, with the reason.</summary>
    public const string Returned = "returned";
    /// <summary>A step of the starter's matter was completed.</summary>
    public const string Completed = "completed";
    /// <summary>办结: the matter ended, with its result; to the starter.</summary>
    public const string InstanceFinished = "instance-finished";
    /// <summary>抄送: a step with <c>cc</c> was completed; to the people it names.</summary>
    public const string Cc = "cc";

    public static readonly IReadOnlyList<string> All = [TaskAssigned, Reminder, Escalation, Returned, Completed, InstanceFinished, Cc];
}
