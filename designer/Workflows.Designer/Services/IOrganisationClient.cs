namespace Workflows.Designer.Services;

/// <summary>The organisation, read for the assignee picker and the department and people fields of forms (GET /api/org/users|roles|departments shapes).</summary>
public interface IOrganisationClient
{
    Task<OrganisationView> LoadAsync(CancellationToken cancellationToken);
}

public sealed record OrganisationView(IReadOnlyList<OrgUser> Users, IReadOnlyList<OrgRole> Roles, IReadOnlyList<OrgDepartment> Departments);

public sealed record OrgUser(string UserName, string DisplayName, string? Department);

public sealed record OrgRole(string Name, string DisplayName);

/// <param name="ParentCode">The department above; departments form a tree.</param>
public sealed record OrgDepartment(string Code, string Name, string? ParentCode = null);
