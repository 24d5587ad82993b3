using Workflows.Core.Runtime;

namespace Workflows.Persistence.Instances;

/// <summary>One append-only <see cref="JournalEntry"/> (留痕); rows are inserted, never updated.</summary>
public sealed class JournalRecord
{
    public string InstanceId { get; set; } = "";
    public long Sequence { get; set; }
    public DateTimeOffset At { get; set; }
    /// <summary>One of <see cref="JournalEvents"/>.</summary>
    public string Event { get; set; } = "";
    public string? ActivityId { get; set; }
    public string? ActivityType { get; set; }
    public string? Outcome { get; set; }
    public string? Actor { get; set; }
    public string? Message { get; set; }
    /// <summary>JSON object, or null.</summary>
    public string? Data { get; set; }
}
