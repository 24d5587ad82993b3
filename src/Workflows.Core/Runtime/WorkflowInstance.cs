using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Workflows.Core.Runtime;

public enum WorkflowStatus
{
    Running,
    Completed,
    Cancelled,
    Faulted,
}

/// <summary>
/// The durable state of one run. It is plain data, serialisable as JSON, so a store can persist it whole;
/// <see cref="Version"/> is the optimistic concurrency token the store checks on every commit.
/// </summary>
public sealed class WorkflowInstance
{
    public string Id { get; set; } = "";
    public string DefinitionId { get; set; } = "";
    public int DefinitionVersion { get; set; }
    public WorkflowStatus Status { get; set; }
    public string? CorrelationKey { get; set; }
    public string? StartedBy { get; set; }
    /// <summary>What makes the matter recognisable (<see cref="Definitions.MatterTitles"/>), fixed when it starts; the inbox shows and searches it.</summary>
    public string? Title { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }

    public JsonObject Input { get; set; } = [];
    public JsonObject Variables { get; set; } = [];
    /// <summary>The last completed user task: activityId, outcome, comment, actor, data.</summary>
    public JsonObject? LastTask { get; set; }
    public JsonNode? Result { get; set; }

    public List<Bookmark> Bookmarks { get; set; } = [];
    /// <summary>For each Join, the inbound connections a token has arrived on since it last completed.</summary>
    public Dictionary<string, List<string>> JoinArrivals { get; set; } = [];
    public List<Incident> Incidents { get; set; } = [];
    /// <summary>Tokens a fault stopped (the faulted one first); an administrator's retry runs them again.</summary>
    public List<PendingToken> PendingTokens { get; set; } = [];

    /// <summary>Number of journal entries written so far; the next one gets this sequence number.</summary>
    public long JournalLength { get; set; }
    public long Version { get; set; }

    /// <summary>The HTTP request this instance is being started from, while its first burst runs; never stored.</summary>
    [JsonIgnore]
    public Triggers.HttpExchange? Http { get; set; }

    [JsonIgnore]
    public IEnumerable<string> ActiveActivityIds => Bookmarks.Select(b => b.ActivityId).Concat(PendingTokens.Select(t => t.ActivityId)).Distinct();
}

/// <summary>A suspended activity waiting for something outside the burst: a person, a timer, a signal.</summary>
public sealed class Bookmark
{
    public string Id { get; set; } = "";
    public string ActivityId { get; set; } = "";
    public string ActivityType { get; set; } = "";
    public string Kind { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>When a timer bookmark is due (Delay); null for the others.</summary>
    public DateTimeOffset? DueAt { get; set; }
    /// <summary>What the activity needs to resume: the evaluated task inputs, the signal name, …</summary>
    public JsonObject Payload { get; set; } = [];

    public Bookmark Copy() => new()
    {
        Id = Id,
        ActivityId = ActivityId,
        ActivityType = ActivityType,
        Kind = Kind,
        CreatedAt = CreatedAt,
        DueAt = DueAt,
        Payload = Payload.DeepClone().AsObject(),
    };
}

public static class BookmarkKinds
{
    public const string UserTask = "UserTask";
    public const string Timer = "Timer";
    public const string Signal = "Signal";
}

/// <param name="Via">The connection key the token arrived on, so a retried Join still counts it.</param>
public sealed record PendingToken(string ActivityId, string? Via);

public sealed class Incident
{
    public string ActivityId { get; set; } = "";
    public string Message { get; set; } = "";
    public DateTimeOffset At { get; set; }
}
