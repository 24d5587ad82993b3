using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Workflows.Persistence;
using Workflows.Persistence.Instances;
using Workflows.Server.Auth;

namespace Workflows.Server.Instances;

/// <summary>
/// Who may see an instance: administrators, the person who started it, and everyone who has acted in it (their name
/// is in its journal). Everyone else gets 404, so ids of other people's matters reveal nothing.
/// </summary>
public sealed class InstanceAccess(WorkflowsDbContext db)
{
    public IQueryable<InstanceRecord> Visible(ClaimsPrincipal user)
    {
        if (user.IsAdmin())
        {
            return db.Instances.AsNoTracking();
        }
        var me = user.UserName();
        return db.Instances.AsNoTracking()
            .Where(i => i.StartedBy == me || db.Journal.Any(j => j.InstanceId == i.Id && j.Actor == me));
    }

    public Task<InstanceRecord?> FindAsync(ClaimsPrincipal user, string instanceId, CancellationToken cancellationToken) =>
        Visible(user).FirstOrDefaultAsync(i => i.Id == instanceId, cancellationToken);
}
