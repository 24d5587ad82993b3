using Microsoft.EntityFrameworkCore;
using Workflows.Designer.Services;
using Workflows.Persistence;

namespace Workflows.Server.Ui;

/// <summary>The organisation for the assignee picker, read with a short-lived context (a circuit lives long).</summary>
internal sealed class ServerOrganisationClient(IDbContextFactory<WorkflowsDbContext> contexts) : IOrganisationClient
{
    public async Task<OrganisationView> LoadAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var users = await db.Users.AsNoTracking().OrderBy(u => u.UserName)
            .Select(u => new OrgUser(u.UserName!, u.DisplayName, u.DepartmentCode)).ToListAsync(cancellationToken);
        var roles = await db.Roles.AsNoTracking().OrderBy(r => r.Name)
            .Select(r => new OrgRole(r.Name!, r.DisplayName)).ToListAsync(cancellationToken);
        var departments = await db.Departments.AsNoTracking().OrderBy(d => d.Code)
            .Select(d => new OrgDepartment(d.Code, d.Name, d.ParentCode)).ToListAsync(cancellationToken);
        return new OrganisationView(users, roles, departments);
    }
}
