using System.Text.Json.Nodes;

namespace Workflows.Designer.Services;

/// <summary>
/// 调整 a running matter from its page: 改派, 延期, 跳转, set a variable. Each needs a reason; the server's refusal is
/// the result's error.
/// </summary>
public interface IAdjustmentClient
{
    /// <summary>Administrators, and the roles the matter's definition lists in <c>options.adjusterRoles</c>.</summary>
    Task<bool> MayAdjustAsync(string instanceId, CancellationToken cancellationToken);

    Task<WorkResult> ReassignAsync(string instanceId, string taskId, string? userName, string? reason, CancellationToken cancellationToken);

    /// <param name="dueAt">A date (the end of that day) or a date-time.</param>
    Task<WorkResult> ChangeDueDateAsync(string instanceId, string taskId, string? dueAt, string? reason, CancellationToken cancellationToken);

    Task<WorkResult> JumpAsync(string instanceId, string? activityId, string? reason, CancellationToken cancellationToken);

    Task<WorkResult> SetVariableAsync(string instanceId, string name, JsonNode? value, string? reason, CancellationToken cancellationToken);
}
