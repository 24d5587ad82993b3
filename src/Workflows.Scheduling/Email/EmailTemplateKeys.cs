using Workflows.Core.Notifications;

namespace Workflows.Scheduling.Email;

/// <summary>The kinds of message the product sends (<see cref="MessageKinds"/>); each has a Liquid template (subject and HTML body).</summary>
public static class EmailTemplateKeys
{
    public const string TaskAssigned = MessageKinds.TaskAssigned;
    public const string Reminder = MessageKinds.Reminder;
    public const string Escalation = MessageKinds.Escalation;
    public const string Returned = MessageKinds.Returned;
    public const string Completed = MessageKinds.Completed;
    public const string InstanceFinished = MessageKinds.InstanceFinished;
    public const string Cc = MessageKinds.Cc;

    public static readonly IReadOnlyList<string> All = MessageKinds.All;
}
