namespace Workflows.Server.Organisation;

public sealed record DepartmentDto(string Code, string Name, string? ParentCode);

public sealed record RoleDto(string Name, string DisplayName);

public sealed record UserDto(string UserName, string DisplayName, string? Email, string? Department, IReadOnlyList<string> Roles, string? Supervisor);

/// <summary>
/// Create (POST, password required) or change (PUT, password optional: given means reset) a user. On a change a
/// field left out keeps its value, and an empty string clears the e-mail, department or supervisor.
/// </summary>
public sealed record UserRequest(
    string? UserName, string? DisplayName, string? Email, string? Password, string? Department, IReadOnlyList<string>? Roles, string? Supervisor);

/// <summary>A department's new name (PUT); the code is in the address and does not change.</summary>
public sealed record DepartmentRename(string? Name);
