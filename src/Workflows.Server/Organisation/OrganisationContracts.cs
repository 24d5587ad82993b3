namespace Workflows.Server.Organisation;

public sealed record DepartmentDto(string Code, string Name, string? ParentCode);

public sealed record RoleDto(string Name, string DisplayName);

/// <param name="Disabled">Kept for the record but cannot sign in.</param>
public sealed record UserDto(string UserName, string DisplayName, string? Email, string? Department, IReadOnlyList<string> Roles, string? Supervisor, bool Disabled = false);

/// <summary>
/// Create (POST, password required) or change (PUT, password optional: given means reset) a user. On a change a
/// field left out keeps its value, and an empty string clears the e-mail, department or supervisor. A password set
/// here must be changed by the person at their next sign-in (<c>Workflows:Auth:RequirePasswordChange</c>);
/// <paramref name="Disabled"/> true stops the person signing in and ends their sessions, false lets them in again.
/// </summary>
public sealed record UserRequest(
    string? UserName, string? DisplayName, string? Email, string? Password, string? Department, IReadOnlyList<string>? Roles, string? Supervisor,
    bool? Disabled = null);

/// <summary>A department's new name (PUT); the code is in the address and does not change.</summary>
public sealed record DepartmentRename(string? Name);
