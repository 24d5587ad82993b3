namespace Workflows.Core.Tasks;

/// <summary>What a <see cref="Runtime.ResumeRequest"/> does to a user task.</summary>
public static class TaskActions
{
    public const string Complete = "complete";
    public const string Claim = "claim";
    /// <summary>转办: hand my part to another person; the journal keeps who it came from.</summary>
    public const string Delegate = "delegate";
    /// <summary>加签: the task also needs another person's completion.</summary>
    public const string AddSigner = "add-signer";
    /// <summary>催办: an e-mail to whoever must act now, at most once an hour.</summary>
    public const string Urge = "urge";
    /// <summary>Due dates again, after the calendar gained a year they were provisional in.</summary>
    public const string RecomputeDeadlines = "recompute-deadlines";
    /// <summary>The automatic 催办 before the due date, fired by the scheduler's timer.</summary>
    public const string Remind = "remind";
    /// <summary>督办 once overdue, fired by the scheduler's timer; the request's payload is a <see cref="EscalationRequest"/>.</summary>
    public const string Escalate = "escalate";
}
