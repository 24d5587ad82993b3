using Workflows.Core.Runtime;

namespace Workflows.Persistence.Instances;

public enum OutboxState
{
    Pending,
    Sending,
    Sent,
    Failed,
}

/// <summary>
/// A <see cref="SideEffect"/> (e-mail, 抄送, document) written in its burst's transaction and delivered afterwards;
/// the dispatcher moves it through <see cref="OutboxState"/> and retries with backoff.
/// </summary>
public sealed class OutboxMessage
{
    /// <summary>The side effect's id: stable across retries, so a resend after a crash is recognisable.</summary>
    public string Id { get; set; } = "";
    public string InstanceId { get; set; } = "";
    public string ActivityId { get; set; } = "";
    /// <summary>One of <see cref="SideEffectKinds"/>.</summary>
    public string Kind { get; set; } = "";
    /// <summary>JSON object.</summary>
    public string Payload { get; set; } = "{}";
    public DateTimeOffset CreatedAt { get; set; }
    public OutboxState State { get; set; }
    public int Attempts { get; set; }
    /// <summary>When the dispatcher should try (again); null once there is nothing left to try.</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }
    public string? LastError { get; set; }
}
