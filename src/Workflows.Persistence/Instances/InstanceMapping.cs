using System.Text.Json;
using System.Text.Json.Nodes;
using Workflows.Core.Runtime;

namespace Workflows.Persistence.Instances;

/// <summary>Between the engine's records and the rows; JSON columns use the engine's <see cref="InstanceJson.Options"/>.</summary>
internal static class InstanceMapping
{
    public static InstanceRecord ToRecord(WorkflowInstance instance) => new()
    {
        Id = instance.Id,
        DefinitionId = instance.DefinitionId,
        DefinitionVersion = instance.DefinitionVersion,
        Status = instance.Status,
        CorrelationKey = instance.CorrelationKey,
        StartedBy = instance.StartedBy,
        Title = InstanceRecord.StoredTitle(instance.Title),
        CreatedAt = instance.CreatedAt,
        UpdatedAt = instance.UpdatedAt,
        FinishedAt = instance.FinishedAt,
        State = JsonSerializer.Serialize(instance, InstanceJson.Options),
    };

    public static WorkflowInstance ToInstance(InstanceRecord record)
    {
        var instance = JsonSerializer.Deserialize<WorkflowInstance>(record.State, InstanceJson.Options)
            ?? throw new InvalidOperationException($"instance {record.Id} has no stored state");
        // A matter started before titles were stored has its title in the column only (filled in at start-up).
        instance.Title ??= record.Title;
        return instance;
    }

    public static BookmarkRecord ToRecord(string instanceId, Bookmark bookmark) => new()
    {
        Id = bookmark.Id,
        InstanceId = instanceId,
        ActivityId = bookmark.ActivityId,
        ActivityType = bookmark.ActivityType,
        Kind = bookmark.Kind,
        DueAt = bookmark.DueAt,
        Payload = bookmark.Payload.ToJsonString(InstanceJson.Options),
        CreatedAt = bookmark.CreatedAt,
    };

    public static JournalRecord ToRecord(JournalEntry entry) => new()
    {
        InstanceId = entry.InstanceId,
        Sequence = entry.Sequence,
        At = entry.At,
        Event = entry.Event,
        ActivityId = entry.ActivityId,
        ActivityType = entry.ActivityType,
        Outcome = entry.Outcome,
        Actor = entry.Actor,
        Message = entry.Message,
        Data = entry.Data?.ToJsonString(InstanceJson.Options),
    };

    public static JournalEntry ToEntry(JournalRecord record) => new()
    {
        InstanceId = record.InstanceId,
        Sequence = record.Sequence,
        At = record.At,
        Event = record.Event,
        ActivityId = record.ActivityId,
        ActivityType = record.ActivityType,
        Outcome = record.Outcome,
        Actor = record.Actor,
        Message = record.Message,
        Data = record.Data is null ? null : JsonNode.Parse(record.Data)?.AsObject(),
    };

    /// <summary>A new message is due at once; the dispatcher owns it from here.</summary>
    public static OutboxMessage ToMessage(SideEffect effect) => new()
    {
        Id = effect.Id,
        InstanceId = effect.InstanceId,
        ActivityId = effect.ActivityId,
        Kind = effect.Kind,
        Payload = effect.Payload.ToJsonString(InstanceJson.Options),
        CreatedAt = effect.CreatedAt,
        // 抄送 is delivered in the same transaction, as inbox items (TaskProjection); the row is its record.
        State = effect.Kind == SideEffectKinds.Notify ? OutboxState.Sent : OutboxState.Pending,
        NextAttemptAt = effect.CreatedAt,
    };

    public static SideEffect ToSideEffect(OutboxMessage message) => new()
    {
        Id = message.Id,
        InstanceId = message.InstanceId,
        ActivityId = message.ActivityId,
        Kind = message.Kind,
        CreatedAt = message.CreatedAt,
        Payload = JsonNode.Parse(message.Payload)?.AsObject() ?? [],
    };
}
