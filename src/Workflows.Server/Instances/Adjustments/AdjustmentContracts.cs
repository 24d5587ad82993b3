using System.Text.Json.Nodes;

namespace Workflows.Server.Instances.Adjustments;

/// <param name="ExpectedVersion">The instance version the caller saw (optional): a different one is a 409.</param>
public sealed record ReassignRequest(string? UserName, string? From, string? Reason, long? ExpectedVersion);

public sealed record DueDateRequest(string? DueAt, string? HardDueAt, string? Reason, long? ExpectedVersion);

public sealed record JumpRequest(string? ActivityId, string? Reason, long? ExpectedVersion);

public sealed record VariableRequest(JsonNode? Value, string? Reason, long? ExpectedVersion);
