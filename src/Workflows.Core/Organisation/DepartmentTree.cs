namespace Workflows.Core.Organisation;

/// <summary>Departments form a tree through their parents: a role "in a department" reaches its holders there and below.</summary>
public static class DepartmentTree
{
    // A parent chain longer than this is a cycle someone stored by hand; it is cut rather than followed for ever.
    private const int MaxDepth = 64;

    /// <summary><paramref name="department"/> itself, then its parent, up to the top.</summary>
    public static IReadOnlyList<string> SelfAndAncestors(this IOrganisationDirectory organisation, string? department)
    {
        var chain = new List<string>();
        for (var current = department; current is not null && chain.Count < MaxDepth && !chain.Contains(current); current = organisation.ParentOf(current))
        {
            chain.Add(current);
        }
        return chain;
    }

    /// <summary>Whether the person belongs to <paramref name="department"/> or one of its sub-departments.</summary>
    public static bool IsWithin(this IOrganisationDirectory organisation, string userName, string department) =>
        organisation.SelfAndAncestors(organisation.DepartmentOf(userName)).Contains(department, StringComparer.Ordinal);

    /// <summary>The holders of <paramref name="role"/> who belong to <paramref name="department"/> or below.</summary>
    public static IReadOnlyList<string> UsersInRoleWithin(this IOrganisationDirectory organisation, string role, string department) =>
        [.. organisation.UsersInRole(role).Where(u => organisation.IsWithin(u, department))];
}
