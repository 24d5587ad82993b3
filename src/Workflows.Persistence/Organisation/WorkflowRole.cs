using Microsoft.AspNetCore.Identity;

namespace Workflows.Persistence.Organisation;

/// <summary>An organisational or system role (<c>admin</c>, <c>designer</c>, <c>health-office</c>, …) tasks can be assigned to.</summary>
public sealed class WorkflowRole : IdentityRole
{
    public string DisplayName { get; set; } = "";
}
