using Workflows.Core.Adjustments;
using Workflows.Core.Runtime;
using Workflows.Server.Audit;

namespace Workflows.Server.Instances.Adjustments;

/// <summary>
/// The adjustments as the REST API and the instance page make them: each done by <see cref="InstanceAdjuster"/> (which
/// journals it on the matter) and then recorded in the security audit log with who, why and what changed. A refused
/// adjustment throws before anything is recorded.
/// </summary>
public sealed class AuditedAdjuster(InstanceAdjuster adjuster, IAuditTrail audit)
{
    public async Task<WorkflowInstance> ReassignAsync(string instanceId, ReassignTask command, string actor, long? expectedVersion, CancellationToken cancellationToken)
    {
        var instance = await adjuster.ReassignAsync(instanceId, command, actor, expectedVersion, cancellationToken);
        await audit.RecordAsync(AuditActions.InstanceReassign, instanceId,
            new { command.TaskId, command.From, to = command.UserName, command.Reason }, cancellationToken, actor);
        return instance;
    }

    public async Task<WorkflowInstance> ChangeDueDateAsync(string instanceId, ChangeDueDate command, string actor, long? expectedVersion, CancellationToken cancellationToken)
    {
        var instance = await adjuster.ChangeDueDateAsync(instanceId, command, actor, expectedVersion, cancellationToken);
        await audit.RecordAsync(AuditActions.InstanceDueDate, instanceId,
            new { command.TaskId, command.DueAt, command.HardDueAt, command.Reason }, cancellationToken, actor);
        return instance;
    }

    public async Task<WorkflowInstance> JumpAsync(string instanceId, JumpTo command, string actor, long? expectedVersion, CancellationToken cancellationToken)
    {
        var instance = await adjuster.JumpAsync(instanceId, command, actor, expectedVersion, cancellationToken);
        await audit.RecordAsync(AuditActions.InstanceJump, instanceId, new { to = command.ActivityId, command.Reason }, cancellationToken, actor);
        return instance;
    }

    public async Task<WorkflowInstance> ChangeVariableAsync(string instanceId, ChangeVariable command, string actor, long? expectedVersion, CancellationToken cancellationToken)
    {
        var instance = await adjuster.ChangeVariableAsync(instanceId, command, actor, expectedVersion, cancellationToken);
        await audit.RecordAsync(AuditActions.InstanceVariable, instanceId,
            new { command.Name, value = command.Value?.ToJsonString(), command.Reason }, cancellationToken, actor);
        return instance;
    }
}
