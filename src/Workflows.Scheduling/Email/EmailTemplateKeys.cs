namespace Workflows.Scheduling.Email;

/// <summary>The kinds of message the product sends; each has a Liquid template (subject and HTML body).</summary>
public static class EmailTemplateKeys
{
    public const string TaskAssigned = "task-assigned";
    public const string Reminder = "reminder";
    public const string Escalation = "escalation";
    public const string Returned = "returned";
    public const string Completed = "completed";
    public const string InstanceFinished = "instance-finished";
    public const string Cc = "cc";

    public static readonly IReadOnlyList<string> All = [TaskAssigned, Reminder, Escalation, Returned, Completed, InstanceFinished, Cc];
}
