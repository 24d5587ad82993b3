namespace Workflows.Core.Organisation;

/// <summary>
/// Who is in the organisation: validation warns of assignees that do not exist, and user tasks resolve roles,
/// departments and supervisors to people through it. Reads are synchronous: implementations keep a snapshot.
/// </summary>
public interface IOrganisationDirectory
{
    bool RoleExists(string role);
    bool UserExists(string userName);
    IReadOnlyList<string> UsersInRole(string role);
    IReadOnlyList<string> UsersInDepartment(string department);
    string? SupervisorOf(string userName);
    /// <summary>The department code the person belongs to; null for nobody or a person without one.</summary>
    string? DepartmentOf(string userName);
    bool DepartmentExists(string department);
    /// <summary>The department above <paramref name="department"/>; null at the top or for a department nobody knows.</summary>
    string? ParentOf(string department);
    /// <summary>The department's name as people read it (e-mails, documents); null for a department nobody knows.</summary>
    string? DepartmentName(string department) => null;
}

/// <summary>An organisation held in memory: tests, the CLI, and the default before a server provides the real one.</summary>
public sealed class InMemoryOrganisationDirectory : IOrganisationDirectory
{
    private readonly Dictionary<string, (string? Department, string? Supervisor, HashSet<string> Roles)> _users = new(StringComparer.Ordinal);
    private readonly HashSet<string> _roles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _departments = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _departmentNames = new(StringComparer.Ordinal);

    public InMemoryOrganisationDirectory AddRole(string role)
    {
        _roles.Add(role);
        return this;
    }

    public InMemoryOrganisationDirectory AddDepartment(string code, string? parent = null, string? name = null)
    {
        _departments[code] = parent;
        if (name is not null)
        {
            _departmentNames[code] = name;
        }
        return this;
    }

    public InMemoryOrganisationDirectory AddUser(string userName, string? department = null, string? supervisor = null, params string[] roles)
    {
        _users[userName] = (department, supervisor, [.. roles]);
        _roles.UnionWith(roles);
        if (department is not null)
        {
            _departments.TryAdd(department, null);
        }
        return this;
    }

    public bool RoleExists(string role) => _roles.Contains(role);
    public bool UserExists(string userName) => _users.ContainsKey(userName);

    public IReadOnlyList<string> UsersInRole(string role) =>
        [.. _users.Where(u => u.Value.Roles.Contains(role)).Select(u => u.Key).Order(StringComparer.Ordinal)];

    public IReadOnlyList<string> UsersInDepartment(string department) =>
        [.. _users.Where(u => u.Value.Department == department).Select(u => u.Key).Order(StringComparer.Ordinal)];

    public string? SupervisorOf(string userName) => _users.TryGetValue(userName, out var user) ? user.Supervisor : null;
    public string? DepartmentOf(string userName) => _users.TryGetValue(userName, out var user) ? user.Department : null;
    public bool DepartmentExists(string department) => _departments.ContainsKey(department);
    public string? ParentOf(string department) => _departments.GetValueOrDefault(department);
    public string? DepartmentName(string department) => _departmentNames.GetValueOrDefault(department);
}
