using Microsoft.AspNetCore.Identity;
using Workflows.Persistence.Organisation;
using Workflows.Server.Audit;

namespace Workflows.Server.Auth;

/// <summary>A person choosing their own password (after an administrator set one, or whenever they like).</summary>
public sealed class PasswordChanges(UserManager<WorkflowUser> users, SecurityStamps stamps, IAuditTrail audit)
{
    /// <summary>Changes the password; the errors per field (<c>newPassword</c> names the broken rule) when it is refused.</summary>
    public async Task<Dictionary<string, string[]>> ChangeAsync(WorkflowUser user, string currentPassword, string newPassword, CancellationToken cancellationToken)
    {
        if (newPassword == currentPassword)
        {
            return new() { ["newPassword"] = ["newPassword must differ from the current password"] };
        }
        var changed = await users.ChangePasswordAsync(user, currentPassword, newPassword);
        if (!changed.Succeeded)
        {
            return new() { ["newPassword"] = [.. changed.Errors.Select(e => e.Description)] };
        }
        user.MustChangePassword = false;
        await users.UpdateAsync(user);
        stamps.Forget(user.UserName!);
        await audit.RecordAsync(AuditActions.PasswordChange, user.UserName, null, cancellationToken, user.UserName);
        return [];
    }
}
