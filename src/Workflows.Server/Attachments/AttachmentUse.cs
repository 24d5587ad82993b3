using Microsoft.EntityFrameworkCore;
using Workflows.Persistence;

namespace Workflows.Server.Attachments;

/// <summary>
/// The one rule for putting files into a matter (a start form, a task's completion): each must have been uploaded by
/// the person acting and not be used by any instance yet; once the step commits, the files belong to its instance.
/// </summary>
public static class AttachmentUse
{
    /// <summary>The ids among <paramref name="ids"/> that <paramref name="userName"/> may not use; empty when all are fine.</summary>
    public static async Task<IReadOnlyList<string>> UnusableAsync(
        this WorkflowsDbContext db, IReadOnlyCollection<string> ids, string userName, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return [];
        }
        var usable = await db.Attachments.Where(a => ids.Contains(a.Id) && a.UploadedBy == userName && a.InstanceId == null)
            .Select(a => a.Id).ToListAsync(cancellationToken);
        return [.. ids.Except(usable)];
    }

    /// <summary>Makes the files part of <paramref name="instanceId"/>, readable by whoever may see it.</summary>
    public static async Task LinkAsync(this WorkflowsDbContext db, IReadOnlyCollection<string> ids, string instanceId, CancellationToken cancellationToken)
    {
        if (ids.Count > 0)
        {
            await db.Attachments.Where(a => ids.Contains(a.Id)).ExecuteUpdateAsync(s => s.SetProperty(a => a.InstanceId, instanceId), cancellationToken);
        }
    }
}
