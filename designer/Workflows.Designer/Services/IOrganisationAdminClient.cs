namespace Workflows.Designer.Services;

/// <summary>Departments, roles and people as an administrator changes them (POST|PUT|DELETE /api/org/*, same rules).</summary>
public interface IOrganisationAdminClient
{
    Task<OrganisationDetails> LoadAsync(CancellationToken cancellationToken);

    Task<AdminResult> CreateDepartmentAsync(string code, string name, string? parentCode, CancellationToken cancellationToken);

    Task<AdminResult> RenameDepartmentAsync(string code, string name, CancellationToken cancellationToken);

    Task<AdminResult> CreateRoleAsync(string name, string displayName, CancellationToken cancellationToken);

    Task<AdminResult> CreateUserAsync(UserEdit user, CancellationToken cancellationToken);

    /// <summary>Changes the person named <paramref name="userName"/>; a password given resets theirs.</summary>
    Task<AdminResult> UpdateUserAsync(string userName, UserEdit user, CancellationToken cancellationToken);

    Task<AdminResult> DeleteUserAsync(string userName, CancellationToken cancellationToken);
}

public sealed record OrganisationDetails(IReadOnlyList<AdminUser> Users, IReadOnlyList<OrgRole> Roles, IReadOnlyList<OrgDepartment> Departments);

public sealed record AdminUser(string UserName, string DisplayName, string? Email, string? Department, IReadOnlyList<string> Roles, string? Supervisor);

/// <summary>A person as the form edits them; <see cref="Password"/> empty keeps the current one when changing.</summary>
public sealed record UserEdit(
    string UserName, string DisplayName, string? Email, string? Password, string? Department, IReadOnlyList<string> Roles, string? Supervisor);
