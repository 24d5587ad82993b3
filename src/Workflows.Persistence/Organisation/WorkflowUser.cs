using Microsoft.AspNetCore.Identity;

namespace Workflows.Persistence.Organisation;

/// <summary>A person who signs in, is assigned tasks and belongs to a department.</summary>
public sealed class WorkflowUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
    /// <summary>The <see cref="Department.Code"/> the person belongs to, if any.</summary>
    public string? DepartmentCode { get; set; }
    /// <summary>Whom <c>supervisorOf</c> assignments and escalations reach.</summary>
    public string? SupervisorUserName { get; set; }
    /// <summary>Kept for the record (tasks, journal and audit name the person) but cannot sign in.</summary>
    public bool IsDisabled { get; set; }
    /// <summary>Set when an administrator chose the password: the person must pick their own before working.</summary>
    public bool MustChangePassword { get; set; }
}
