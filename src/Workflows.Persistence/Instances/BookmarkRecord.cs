using Workflows.Core.Runtime;

namespace Workflows.Persistence.Instances;

/// <summary>
/// A queryable copy of one of <see cref="WorkflowInstance.Bookmarks"/> (open tasks, timers, signal waits), rewritten
/// in the same transaction as its instance. The instance's state stays the source of truth.
/// </summary>
public sealed class BookmarkRecord
{
    public string Id { get; set; } = "";
    public string InstanceId { get; set; } = "";
    public string ActivityId { get; set; } = "";
    public string ActivityType { get; set; } = "";
    /// <summary>One of <see cref="BookmarkKinds"/>.</summary>
    public string Kind { get; set; } = "";
    public DateTimeOffset? DueAt { get; set; }
    /// <summary>JSON object: what the activity needs to resume (the evaluated task inputs, the signal name, …).</summary>
    public string Payload { get; set; } = "{}";
    public DateTimeOffset CreatedAt { get; set; }
}
