using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Workflows.Core.Adjustments;
using Workflows.Core.Runtime;
using Workflows.Designer.Services;
using Workflows.Persistence;
using Workflows.Server.Auth;
using Workflows.Server.Instances.Adjustments;

namespace Workflows.Server.Ui.Work;

/// <summary>The instance page's 调整, with the REST API's rules (<see cref="AdjustmentsApi"/>), each call in its own scope.</summary>
internal sealed class ServerAdjustmentClient(UserCircuit circuit) : IAdjustmentClient
{
    public Task<bool> MayAdjustAsync(string instanceId, CancellationToken cancellationToken) => circuit.RunAsync(async (sp, user) =>
    {
        var record = await sp.GetRequiredService<WorkflowsDbContext>().Instances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == instanceId, cancellationToken);
        return record is not null && await sp.GetRequiredService<AdjustmentPermissions>().MayAdjustAsync(user, record, cancellationToken);
    });

    public Task<WorkResult> ReassignAsync(string instanceId, string taskId, string? userName, string? reason, CancellationToken cancellationToken) =>
        AdjustAsync(instanceId, (adjuster, me) => adjuster.ReassignAsync(instanceId, new ReassignTask(taskId, userName, null, reason), me, null, cancellationToken), cancellationToken);

    public Task<WorkResult> ChangeDueDateAsync(string instanceId, string taskId, string? dueAt, string? reason, CancellationToken cancellationToken) =>
        AdjustAsync(instanceId, (adjuster, me) => adjuster.ChangeDueDateAsync(instanceId, new ChangeDueDate(taskId, dueAt, null, reason), me, null, cancellationToken), cancellationToken);

    public Task<WorkResult> JumpAsync(string instanceId, string? activityId, string? reason, CancellationToken cancellationToken) =>
        AdjustAsync(instanceId, (adjuster, me) => adjuster.JumpAsync(instanceId, new JumpTo(activityId, reason), me, null, cancellationToken), cancellationToken);

    public Task<WorkResult> SetVariableAsync(string instanceId, string name, JsonNode? value, string? reason, CancellationToken cancellationToken) =>
        AdjustAsync(instanceId, (adjuster, me) => adjuster.ChangeVariableAsync(instanceId, new ChangeVariable(name, value, reason), me, null, cancellationToken), cancellationToken);

    private Task<WorkResult> AdjustAsync(string instanceId, Func<AuditedAdjuster, string, Task<WorkflowInstance>> adjust, CancellationToken cancellationToken) =>
        circuit.RunAsync(async (sp, user) =>
        {
            if (!await MayAsync(sp, user, instanceId, cancellationToken))
            {
                return WorkResult.Fail($"you may not adjust instance {instanceId}");
            }
            try
            {
                await adjust(sp.GetRequiredService<AuditedAdjuster>(), user.UserName());
                return WorkResult.Ok;
            }
            catch (Exception ex) when (ex is WorkflowCommandException or WorkflowConcurrencyException)
            {
                return WorkResult.Fail(ex.Message);
            }
        });

    private static async Task<bool> MayAsync(IServiceProvider sp, ClaimsPrincipal user, string instanceId, CancellationToken cancellationToken)
    {
        var record = await sp.GetRequiredService<WorkflowsDbContext>().Instances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == instanceId, cancellationToken);
        return record is not null && await sp.GetRequiredService<AdjustmentPermissions>().MayAdjustAsync(user, record, cancellationToken);
    }
}
