namespace Workflows.Core.Notifications;

/// <summary>
/// Section <c>Workflows:Email:Notify</c>: which kinds of message the engine writes to the outbox. Everything is on by
/// default; a kind switched off is not written at all (its journal entries, such as TaskEscalated, still are).
/// </summary>
public sealed class NotifyOptions
{
    public const string SectionName = "Workflows:Email:Notify";

    public bool TaskAssigned { get; set; } = true;
    /// <summary>The automatic 催办 before the due date. A person's explicit 催办 always goes: it is all that action does.</summary>
    public bool Reminder { get; set; } = true;
    public bool Escalation { get; set; } = true;
    public bool Returned { get; set; } = true;
    public bool Completed { get; set; } = true;
    public bool InstanceFinished { get; set; } = true;
    public bool Cc { get; set; } = true;

    public bool IsOn(string kind) => kind switch
    {
        MessageKinds.TaskAssigned => TaskAssigned,
        MessageKinds.Reminder => Reminder,
        MessageKinds.Escalation => Escalation,
        MessageKinds.Returned => Returned,
        MessageKinds.Completed => Completed,
        MessageKinds.InstanceFinished => InstanceFinished,
        MessageKinds.Cc => Cc,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a kind of message"),
    };
}
