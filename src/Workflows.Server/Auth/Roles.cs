using System.Security.Claims;

namespace Workflows.Server.Auth;

/// <summary>The system roles; organisational roles (health-office, …) are data.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Designer = "designer";
}

public static class Policies
{
    public const string Admin = "admin";
    /// <summary>May change definitions: admin or designer.</summary>
    public const string Designer = "designer";
}

public static class ClaimsPrincipalExtensions
{
    /// <summary>The signed-in user's name; endpoints only run for authenticated users, so it is never empty there.</summary>
    public static string UserName(this ClaimsPrincipal user) =>
        user.Identity?.Name ?? throw new InvalidOperationException("the request has no signed-in user");

    public static bool IsAdmin(this ClaimsPrincipal user) => user.IsInRole(Roles.Admin);
}
