using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Workflows.Persistence;
using Workflows.Persistence.Organisation;

namespace Workflows.Cli.Seeding;

/// <summary>
/// Writes the organisation as the server's own seeding leaves it (ASP.NET Core Identity rows: normalised names, a
/// security stamp, a password hash the server's sign-in verifies), adding only what is missing, so a seed can run
/// on a database the server already prepared.
/// </summary>
public static class OrganisationWriter
{
    /// <summary>The display names the server gives these roles (Workflows.Server's RoleKeys); it adds the roles it misses at start.</summary>
    private static readonly Dictionary<string, string> RoleNames = new(StringComparer.Ordinal)
    {
        ["drafter"] = "起草部门经办人",
        ["drafter-head"] = "起草部门负责人",
        ["health-office"] = "健康专家委员会办公室",
        ["health-expert"] = "健康专家",
        ["health-office-head"] = "健康专家委员会办公室负责人",
        ["fair-review-unit"] = "初审业务机构",
        ["fair-review-body"] = "特定审查机构（复核）",
        ["market-regulation"] = "区市场监督管理局",
        ["third-party-assessor"] = "第三方评估机构",
        ["emergency-bureau"] = "区应急管理局",
        ["fire-brigade"] = "区消防救援大队",
        ["police-station"] = "派出所",
        ["hazard-unit"] = "隐患单位",
        ["industry-department"] = "行业主管部门",
        ["gov-office"] = "区政府办公室",
        ["district-leader"] = "区长/分管副区长",
        ["finance"] = "区财政局（国有资产）",
        ["vehicle-unit"] = "申请报废单位",
        ["supervision-office"] = "督查室",
    };

    /// <returns>How many users were added.</returns>
    public static async Task<int> WriteAsync(IDbContextFactory<WorkflowsDbContext> contexts, SeedOrganisation organisation, string password, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var knownDepartments = await db.Departments.Select(d => d.Code).ToHashSetAsync(cancellationToken);
        db.Departments.AddRange(organisation.Departments.Where(d => !knownDepartments.Contains(d.Code))
            .Select(d => new Department { Code = d.Code, Name = d.Name, ParentCode = d.Parent }));

        var roles = await db.Roles.ToDictionaryAsync(r => r.Name!, r => r.Id, cancellationToken);
        foreach (var role in organisation.Roles.Where(r => !roles.ContainsKey(r)))
        {
            var added = new WorkflowRole { Name = role, NormalizedName = Normalise(role), DisplayName = RoleNames.GetValueOrDefault(role, role) };
            db.Roles.Add(added);
            roles[role] = added.Id;
        }

        var knownUsers = await db.Users.Select(u => u.UserName!).ToHashSetAsync(cancellationToken);
        var missing = organisation.People.Where(p => !knownUsers.Contains(p.UserName)).ToList();
        // One hash for everyone: hashing is deliberately slow (PBKDF2), and each hash carries its own salt anyway.
        var hash = new PasswordHasher<WorkflowUser>().HashPassword(new WorkflowUser(), password);
        foreach (var person in missing)
        {
            var email = $"{person.UserName}@seed.workflows.local";
            var user = new WorkflowUser
            {
                UserName = person.UserName,
                NormalizedUserName = Normalise(person.UserName),
                Email = email,
                NormalizedEmail = Normalise(email),
                EmailConfirmed = true,
                DisplayName = person.DisplayName,
                DepartmentCode = person.Department,
                SupervisorUserName = person.Supervisor,
                PasswordHash = hash,
            };
            db.Users.Add(user);
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = roles[person.Role] });
        }
        await db.SaveChangesAsync(cancellationToken);
        return missing.Count;
    }

    /// <summary>What Identity's default lookup normaliser stores, so the server's FindByNameAsync finds the row.</summary>
    private static string Normalise(string name) => new UpperInvariantLookupNormalizer().NormalizeName(name);
}
