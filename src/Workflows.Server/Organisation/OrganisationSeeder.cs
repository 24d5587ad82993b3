using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Workflows.Persistence;
using Workflows.Persistence.Organisation;
using Workflows.Server.Auth;

namespace Workflows.Server.Organisation;

/// <summary>
/// Creates what must exist at start — the system and organisational roles and the first administrator — and, in
/// Development, the demo organisation listed in README. It only ever adds what is missing.
/// </summary>
internal sealed class OrganisationSeeder(
    UserManager<WorkflowUser> users,
    RoleManager<WorkflowRole> roles,
    WorkflowsDbContext db,
    IOptions<AdminOptions> admin,
    ILogger<OrganisationSeeder> logger)
{
    public const string DemoPassword = "Demo@12345";

    public async Task SeedAsync(bool demo, CancellationToken cancellationToken)
    {
        await EnsureRoleAsync(Roles.Admin, "系统管理员");
        await EnsureRoleAsync(Roles.Designer, "流程设计人员");
        foreach (var (name, displayName) in RoleKeys.All)
        {
            await EnsureRoleAsync(name, displayName);
        }
        if (admin.Value is { UserName: { Length: > 0 } adminName, Password: { Length: > 0 } password })
        {
            await EnsureUserAsync(new DemoUser(adminName, "系统管理员", null, null, [Roles.Admin]), password, admin.Value.Email);
        }
        if (demo)
        {
            await SeedDemoAsync(cancellationToken);
        }
    }

    private async Task SeedDemoAsync(CancellationToken cancellationToken)
    {
        foreach (var (code, name, parent) in DemoOrganisation.Departments)
        {
            if (!await db.Departments.AnyAsync(d => d.Code == code, cancellationToken))
            {
                db.Departments.Add(new Department { Code = code, Name = name, ParentCode = parent });
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        // Supervisors first, so each user's supervisor exists when the user is created.
        foreach (var user in DemoOrganisation.Users)
        {
            await EnsureUserAsync(user, DemoPassword, $"{user.UserName}@demo.workflows.local");
        }
        logger.LogInformation("Demo organisation ready: {Count} accounts with password {Password}", DemoOrganisation.Users.Count, DemoPassword);
    }

    private async Task EnsureRoleAsync(string name, string displayName)
    {
        if (await roles.FindByNameAsync(name) is null)
        {
            Check(await roles.CreateAsync(new WorkflowRole { Name = name, DisplayName = displayName }), $"role {name}");
        }
    }

    private async Task EnsureUserAsync(DemoUser demo, string password, string? email)
    {
        if (await users.FindByNameAsync(demo.UserName) is not null)
        {
            return;
        }
        var user = new WorkflowUser
        {
            UserName = demo.UserName,
            DisplayName = demo.DisplayName,
            Email = email,
            EmailConfirmed = email is not null,
            DepartmentCode = demo.Department,
            SupervisorUserName = demo.Supervisor,
        };
        Check(await users.CreateAsync(user, password), $"user {demo.UserName}");
        if (demo.Roles.Count > 0)
        {
            Check(await users.AddToRolesAsync(user, demo.Roles), $"roles of {demo.UserName}");
        }
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"cannot create {what}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}

internal sealed record DemoUser(string UserName, string DisplayName, string? Department, string? Supervisor, IReadOnlyList<string> Roles);
