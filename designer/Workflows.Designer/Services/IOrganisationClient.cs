namespace Workflows.Designer.Services;

/// <summary>The organisation, read for the assignee picker (GET /api/org/users|roles|departments shapes).</summary>
public interface IOrganisationClient
{
    Task<OrganisationView> LoadAsync(CancellationToken cancellationToken);
}

public sealed record OrganisationView(IReadOnlyList<OrgUser> Users, IReadOnlyList<OrgRole> Roles, IReadOnlyList<OrgDepartment> Departments);

public sealed record OrgUser(string UserName, string DisplayName, string? Department);

public sealed record OrgRole(string Name, string DisplayName);

public sealed record OrgDepartment(string Code, string Name);
