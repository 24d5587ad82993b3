using System.Text.Json.Nodes;

namespace Workflows.Core.Runtime;

/// <summary>One append-only audit record (留痕): when, which activity, what happened, the outcome and who acted.</summary>
public sealed record JournalEntry
{
    public required string InstanceId { get; init; }
    public required long Sequence { get; init; }
    public required DateTimeOffset At { get; init; }
    public required string Event { get; init; }
    public string? ActivityId { get; init; }
    public string? ActivityType { get; init; }
    public string? Outcome { get; init; }
    public string? Actor { get; init; }
    public string? Message { get; init; }
    public JsonObject? Data { get; init; }
}

public static class JournalEvents
{
    public const string InstanceStarted = "InstanceStarted";
    public const string ActivityExecuted = "ActivityExecuted";
    public const string ActivitySuspended = "ActivitySuspended";
    public const string ActivityResumed = "ActivityResumed";
    public const string ActivityCancelled = "ActivityCancelled";
    public const string ActivityFaulted = "ActivityFaulted";
    public const string JoinWaiting = "JoinWaiting";
    public const string InstanceCompleted = "InstanceCompleted";
    public const string InstanceCancelled = "InstanceCancelled";
    public const string InstanceFaulted = "InstanceFaulted";
    public const string InstanceRetried = "InstanceRetried";
    public const string TaskClaimed = "TaskClaimed";
    public const string TaskSigned = "TaskSigned";
    public const string TaskDelegated = "TaskDelegated";
    public const string SignerAdded = "SignerAdded";
    public const string TaskUrged = "TaskUrged";
    public const string DeadlinesRecomputed = "DeadlinesRecomputed";
    public const string TaskReminded = "TaskReminded";
    public const string TaskEscalated = "TaskEscalated";
    /// <summary>This matter's CompleteTasks step asked for tasks of other matters to be completed (合并办理).</summary>
    public const string OtherMattersCompleted = "OtherMattersCompleted";
    /// <summary>This matter's task was completed by another matter's CompleteTasks step.</summary>
    public const string CompletedWithOtherMatter = "CompletedWithOtherMatter";
}

/// <summary>Something the outside world must do once the burst commits: send an e-mail, notify (抄送), generate a document.</summary>
public sealed record SideEffect
{
    public required string Id { get; init; }
    public required string InstanceId { get; init; }
    public required string ActivityId { get; init; }
    public required string Kind { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required JsonObject Payload { get; init; }
}

public static class SideEffectKinds
{
    public const string Email = "Email";
    public const string Notify = "Notify";
    public const string Document = "Document";
    /// <summary>Complete a task of another matter (合并办理), delivered after the commit.</summary>
    public const string TaskCompletion = "TaskCompletion";
}
