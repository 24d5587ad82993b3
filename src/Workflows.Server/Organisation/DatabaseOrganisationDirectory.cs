using Microsoft.EntityFrameworkCore;
using Workflows.Core.Organisation;
using Workflows.Core.Tasks;
using Workflows.Persistence;

namespace Workflows.Server.Organisation;

/// <summary>
/// The organisation as the engine reads it during a burst: an in-memory snapshot of users, roles, departments and
/// supervisors, reloaded after this node changes the organisation and at most <see cref="MaxAge"/> after another
/// node did.
/// </summary>
public sealed class DatabaseOrganisationDirectory(IDbContextFactory<WorkflowsDbContext> contexts, TimeProvider time) : IOrganisationDirectory
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private volatile Snapshot? _snapshot;
    private int _changes;

    public bool RoleExists(string role) => Current.Roles.Contains(role);
    public bool UserExists(string userName) => Current.Users.ContainsKey(userName);
    public IReadOnlyList<string> UsersInRole(string role) => Current.RoleMembers.TryGetValue(role, out var users) ? users : [];
    public IReadOnlyList<string> UsersInDepartment(string department) => Current.DepartmentMembers.TryGetValue(department, out var users) ? users : [];
    public string? SupervisorOf(string userName) => Current.Users.TryGetValue(userName, out var user) ? user.Supervisor : null;

    /// <summary>The people whose supervisor is <paramref name="userName"/>.</summary>
    public IReadOnlyList<string> ReportsOf(string userName) =>
        [.. Current.Users.Where(u => u.Value.Supervisor == userName).Select(u => u.Key)];

    public string? DepartmentOf(string userName) => Current.Users.TryGetValue(userName, out var user) ? user.Department : null;
    public bool DepartmentExists(string department) => Current.Departments.ContainsKey(department);
    public string? ParentOf(string department) => Current.Departments.GetValueOrDefault(department);
    public string? DepartmentName(string department) => Current.DepartmentNames.GetValueOrDefault(department);

    public IReadOnlyList<string> RolesOf(string userName) => Current.Users.TryGetValue(userName, out var user) ? user.Roles : [];

    /// <summary>
    /// The keys of the roles-within-a-department a person matches: each of their roles in their own department and in
    /// every department above it (a role offered "in the district government" reaches its holders in every office below).
    /// </summary>
    public IReadOnlyList<string> ScopedRoleKeysOf(string userName)
    {
        var departments = this.SelfAndAncestors(DepartmentOf(userName));
        return [.. RolesOf(userName).SelectMany(r => departments.Select(d => RoleInDepartment.KeyOf(r, d)))];
    }

    /// <summary>Forget the snapshot: the next read loads the organisation again.</summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref _changes);
        _snapshot = null;
    }

    private Snapshot Current
    {
        get
        {
            var snapshot = _snapshot;
            if (snapshot is null || time.GetUtcNow() - snapshot.LoadedAt > MaxAge)
            {
                // A load that began before a change may have read the organisation without it: it serves its own
                // read, but is not kept when anything changed meanwhile, or it would hide the change until MaxAge.
                var changes = Volatile.Read(ref _changes);
                _snapshot = snapshot = Load();
                if (changes != Volatile.Read(ref _changes))
                {
                    _snapshot = null;
                }
            }
            return snapshot;
        }
    }

    // Synchronous on purpose: the engine's activities run synchronously inside a burst, and this is a small read.
    private Snapshot Load()
    {
        using var db = contexts.CreateDbContext();
        var users = db.Users.AsNoTracking().Select(u => new { u.Id, u.UserName, u.DepartmentCode, u.SupervisorUserName }).ToList();
        var memberships = (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id select new { ur.UserId, r.Name }).ToList();
        var rolesByUser = memberships.ToLookup(m => m.UserId, m => m.Name!);
        var people = users.ToDictionary(u => u.UserName!,
            u => new Person(u.DepartmentCode, u.SupervisorUserName, [.. rolesByUser[u.Id].Order(StringComparer.Ordinal)]), StringComparer.Ordinal);
        var departmentRows = db.Departments.AsNoTracking().Select(d => new { d.Code, d.ParentCode, d.Name }).ToList();
        var departments = departmentRows.ToDictionary(d => d.Code, d => d.ParentCode, StringComparer.Ordinal);
        return new Snapshot(
            time.GetUtcNow(),
            departments,
            departmentRows.ToDictionary(d => d.Code, d => d.Name, StringComparer.Ordinal),
            people,
            db.Roles.AsNoTracking().Select(r => r.Name!).ToHashSet(StringComparer.Ordinal),
            people.SelectMany(p => p.Value.Roles.Select(r => (Role: r, User: p.Key))).GroupBy(x => x.Role)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(x => x.User).Order(StringComparer.Ordinal)]),
            people.Where(p => p.Value.Department is not null).GroupBy(p => p.Value.Department!)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(p => p.Key).Order(StringComparer.Ordinal)]));
    }

    private sealed record Person(string? Department, string? Supervisor, IReadOnlyList<string> Roles);

    private sealed record Snapshot(
        DateTimeOffset LoadedAt,
        Dictionary<string, string?> Departments,
        Dictionary<string, string> DepartmentNames,
        Dictionary<string, Person> Users,
        HashSet<string> Roles,
        Dictionary<string, IReadOnlyList<string>> RoleMembers,
        Dictionary<string, IReadOnlyList<string>> DepartmentMembers);
}
