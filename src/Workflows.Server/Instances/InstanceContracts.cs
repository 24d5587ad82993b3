using System.Text.Json.Nodes;
using Workflows.Core.Runtime;

namespace Workflows.Server.Instances;

public sealed record StartInstanceRequest(string? DefinitionId, JsonObject? Input, string? CorrelationKey);

public sealed record StartedInstance(string Id, WorkflowStatus Status);

public sealed record ReasonRequest(string? Reason);

public sealed record UrgeRequest(string? Message);

public sealed record InstanceSummary(
    string Id, string DefinitionId, int DefinitionVersion, WorkflowStatus Status, string? CorrelationKey,
    string? StartedBy, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? FinishedAt);

public sealed record InstancePage(IReadOnlyList<InstanceSummary> Items, int Total, int Page, int PageSize);

public sealed record InstanceView(
    string Id, string DefinitionId, int DefinitionVersion, WorkflowStatus Status, string? CorrelationKey, string? StartedBy,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? FinishedAt,
    JsonNode? Result, JsonObject Input, JsonObject Variables, IReadOnlyList<string> ActiveActivityIds, IReadOnlyList<Incident> Incidents)
{
    /// <summary>The matter's title, fixed when it started (what the inbox shows and <c>q</c> searches).</summary>
    public string? Title { get; init; }

    public static InstanceView From(WorkflowInstance i) => new(
        i.Id, i.DefinitionId, i.DefinitionVersion, i.Status, i.CorrelationKey, i.StartedBy, i.CreatedAt, i.UpdatedAt, i.FinishedAt,
        i.Result, i.Input, i.Variables, [.. i.ActiveActivityIds], i.Incidents)
    { Title = i.Title };
}
