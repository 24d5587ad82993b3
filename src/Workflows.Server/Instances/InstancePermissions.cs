using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Workflows.Core.Definitions;
using Workflows.Core.Organisation;
using Workflows.Persistence;
using Workflows.Persistence.Tasks;
using Workflows.Server.Auth;
using TaskStatus = Workflows.Persistence.Tasks.TaskStatus;

namespace Workflows.Server.Instances;

/// <summary>Who may start a procedure, withdraw a matter and urge it: one rule for the REST API and the UI.</summary>
public sealed class InstancePermissions(WorkflowsDbContext db, IOrganisationDirectory organisation)
{
    /// <summary>A procedure without <c>starterRoles</c> is open to everyone signed in; administrators may start any.</summary>
    public static bool MayStart(ClaimsPrincipal user, WorkflowDefinition definition)
    {
        var roles = definition.Options?.StarterRoles ?? [];
        return roles.Count == 0 || user.IsAdmin() || roles.Any(user.IsInRole);
    }

    /// <summary>撤回 is the starter's alone.</summary>
    public static bool MayWithdraw(ClaimsPrincipal user, string? startedBy) => startedBy == user.UserName();

    /// <summary>催办: the starter, an administrator, or the supervisor of someone who must act on an open task.</summary>
    public async Task<bool> MayUrgeAsync(ClaimsPrincipal user, string instanceId, string? startedBy, CancellationToken cancellationToken)
    {
        var me = user.UserName();
        if (user.IsAdmin() || startedBy == me)
        {
            return true;
        }
        var assignees = await db.TaskParticipants
            .Where(p => p.Kind == ParticipantKind.Signer && p.Active && db.Tasks.Any(t => t.Id == p.TaskId && t.InstanceId == instanceId && t.Status == TaskStatus.Open))
            .Select(p => p.Value).ToListAsync(cancellationToken);
        return assignees.Any(a => organisation.SupervisorOf(a) == me);
    }
}
