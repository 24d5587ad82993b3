using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Workflows.Persistence;
using Workflows.Persistence.Instances;
using Workflows.Server.Auth;
using Workflows.Server.Tasks;

namespace Workflows.Server.Instances;

/// <summary>
/// Who may see an instance: administrators and its parties — the person who started it, everyone who has acted in
/// it (their name is in its journal), everyone one of its tasks reaches or reached (signer, or a candidate by a role,
/// a role within the case's department, or a department) and everyone it copied (抄送). Everyone else gets 404, so
/// ids of other people's matters reveal nothing.
/// </summary>
public sealed class InstanceAccess(WorkflowsDbContext db, TaskInbox inbox)
{
    public IQueryable<InstanceRecord> Visible(ClaimsPrincipal user)
    {
        if (user.IsAdmin())
        {
            return db.Instances.AsNoTracking();
        }
        var me = user.UserName();
        // Correlated on the instance (seeks on its own tasks), so opening one matter does not read every task.
        var tasks = inbox.Visible(user);
        return db.Instances.AsNoTracking()
            .Where(i => i.StartedBy == me
                || db.Journal.Any(j => j.InstanceId == i.Id && j.Actor == me)
                || tasks.Any(t => t.InstanceId == i.Id)
                || db.CcItems.Any(c => c.InstanceId == i.Id && c.UserName == me));
    }

    /// <summary>
    /// The ids of the instances a person (not an administrator) may see, as <see cref="Visible"/> admits them but read
    /// from their own index entries (what they started, acted in, are or were reached by, were copied), so a list of
    /// them costs what the person has taken part in, not what the office holds (their participant rows name the matter,
    /// so no task is looked up). A task they closed is covered twice:
    /// by their journal entry and by the signer row its closer always has.
    /// </summary>
    public IQueryable<string> IdsVisibleTo(ClaimsPrincipal user)
    {
        var me = user.UserName();
        var reached = inbox.Reaching(user).Select(p => p.InstanceId);
        return db.Instances.Where(i => i.StartedBy == me).Select(i => i.Id)
            .Union(db.Journal.Where(j => j.Actor == me).Select(j => j.InstanceId))
            .Union(reached)
            .Union(db.CcItems.Where(c => c.UserName == me).Select(c => c.InstanceId));
    }

    public Task<InstanceRecord?> FindAsync(ClaimsPrincipal user, string instanceId, CancellationToken cancellationToken) =>
        Visible(user).FirstOrDefaultAsync(i => i.Id == instanceId, cancellationToken);
}
