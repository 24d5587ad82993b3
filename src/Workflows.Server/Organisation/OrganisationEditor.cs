using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Workflows.Persistence;
using Workflows.Persistence.Organisation;
using Workflows.Server.Audit;
using Workflows.Server.Auth;

namespace Workflows.Server.Organisation;

/// <summary>
/// The rules for changing departments, roles and people, shared by the REST API and the administration pages. Every
/// change that is done makes this node's organisation snapshot reload, because task assignment reads it, and is
/// audited. A change to a person's rights (roles, password, disable) renews their security stamp, so the tokens and
/// cookies they hold stop working.
/// </summary>
public sealed class OrganisationEditor(
    WorkflowsDbContext db, UserManager<WorkflowUser> users, RoleManager<WorkflowRole> roles, DatabaseOrganisationDirectory directory,
    SecurityStamps stamps, IAuditTrail audit)
{
    public async Task<IReadOnlyList<UserDto>> UsersAsync(CancellationToken cancellationToken)
    {
        var memberships = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id select new { ur.UserId, r.Name })
            .ToListAsync(cancellationToken);
        var byUser = memberships.ToLookup(r => r.UserId, r => r.Name!);
        var all = await db.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync(cancellationToken);
        return [.. all.Select(u => ToDto(u, [.. byUser[u.Id].Order()]))];
    }

    public async Task<OrganisationChange<DepartmentDto>> CreateDepartmentAsync(DepartmentDto request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Code))
        {
            errors["code"] = ["code is required"];
        }
        CheckName(errors, request.Name);
        CheckLength<Department>(errors, "code", nameof(Department.Code), request.Code);
        if (request.ParentCode is { } parent && !await db.Departments.AnyAsync(d => d.Code == parent, cancellationToken))
        {
            errors["parentCode"] = [$"no department '{parent}'"];
        }
        if (errors.Count > 0)
        {
            return OrganisationChange<DepartmentDto>.Invalid(errors);
        }
        if (await db.Departments.AnyAsync(d => d.Code == request.Code, cancellationToken))
        {
            return OrganisationChange<DepartmentDto>.Conflict($"a department '{request.Code}' already exists");
        }
        db.Departments.Add(new Department { Code = request.Code, Name = request.Name, ParentCode = request.ParentCode });
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(AuditActions.DepartmentCreate, request.Code, new { after = request }, cancellationToken);
        return Changed(OrganisationChange<DepartmentDto>.Done(request));
    }

    /// <summary>Renames a department; its code stays, because people, procedures and tasks name it.</summary>
    public async Task<OrganisationChange<DepartmentDto>> RenameDepartmentAsync(string code, string? name, CancellationToken cancellationToken)
    {
        var department = await db.Departments.FirstOrDefaultAsync(d => d.Code == code, cancellationToken);
        if (department is null)
        {
            return OrganisationChange<DepartmentDto>.NotFound($"no department '{code}'");
        }
        var errors = new Dictionary<string, string[]>();
        CheckName(errors, name);
        if (errors.Count > 0)
        {
            return OrganisationChange<DepartmentDto>.Invalid(errors);
        }
        var before = department.Name;
        department.Name = name!;
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(AuditActions.DepartmentRename, code, new { before = new { name = before }, after = new { name } }, cancellationToken);
        return Changed(OrganisationChange<DepartmentDto>.Done(new DepartmentDto(department.Code, department.Name, department.ParentCode)));
    }

    public async Task<OrganisationChange<RoleDto>> CreateRoleAsync(RoleDto request, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Name))
        {
            errors["name"] = ["name is required"];
        }
        CheckLength<WorkflowRole>(errors, "name", nameof(WorkflowRole.Name), request.Name);
        CheckLength<WorkflowRole>(errors, "displayName", nameof(WorkflowRole.DisplayName), request.DisplayName);
        if (errors.Count > 0)
        {
            return OrganisationChange<RoleDto>.Invalid(errors);
        }
        if (await roles.FindByNameAsync(request.Name) is not null)
        {
            return OrganisationChange<RoleDto>.Conflict($"a role '{request.Name}' already exists");
        }
        var result = await roles.CreateAsync(new WorkflowRole { Name = request.Name, DisplayName = request.DisplayName ?? request.Name });
        if (!result.Succeeded)
        {
            return IdentityProblem<RoleDto>(result);
        }
        await audit.RecordAsync(AuditActions.RoleCreate, request.Name, new { after = request }, cancellationToken);
        return Changed(OrganisationChange<RoleDto>.Done(request));
    }

    public async Task<OrganisationChange<UserDto>> CreateUserAsync(UserRequest request, CancellationToken cancellationToken)
    {
        var errors = await CheckAsync(request, creating: true, cancellationToken);
        if (errors.Count > 0)
        {
            return OrganisationChange<UserDto>.Invalid(errors);
        }
        if (await users.FindByNameAsync(request.UserName!) is not null)
        {
            return OrganisationChange<UserDto>.Conflict($"a user '{request.UserName}' already exists");
        }
        // The administrator chose this password: the person picks their own at the first sign-in.
        var user = new WorkflowUser { UserName = request.UserName, MustChangePassword = true, IsDisabled = request.Disabled ?? false };
        Apply(request, user);
        var created = await users.CreateAsync(user, request.Password!);
        if (!created.Succeeded)
        {
            return IdentityProblem<UserDto>(created);
        }
        await users.AddToRolesAsync(user, request.Roles ?? []);
        var after = ToDto(user, [.. (request.Roles ?? []).Order()]);
        await audit.RecordAsync(AuditActions.UserCreate, user.UserName, new { after }, cancellationToken);
        return Changed(OrganisationChange<UserDto>.Done(after));
    }

    /// <summary>Changes the fields given; a password given resets it, roles given replace the person's roles.</summary>
    /// <param name="actor">Who asks: they cannot disable themselves.</param>
    public async Task<OrganisationChange<UserDto>> UpdateUserAsync(string userName, UserRequest request, string actor, CancellationToken cancellationToken)
    {
        var user = await users.FindByNameAsync(userName);
        if (user is null)
        {
            return UserNotFound(userName);
        }
        var errors = await CheckAsync(request with { UserName = userName }, creating: false, cancellationToken);
        if (request.Supervisor == userName)
        {
            errors["supervisor"] = ["a person cannot supervise themselves"];
        }
        if (request.Disabled == true && userName == actor)
        {
            errors["disabled"] = ["you cannot disable your own account"];
        }
        if (!string.IsNullOrEmpty(request.Password) && await BrokenPasswordRulesAsync(user, request.Password) is { Length: > 0 } broken)
        {
            // Checked before anything changes: a refused reset must not leave the person without a password.
            errors["password"] = broken;
        }
        if (errors.Count > 0)
        {
            return OrganisationChange<UserDto>.Invalid(errors);
        }
        var before = ToDto(user, [.. (await users.GetRolesAsync(user)).Order()]);
        Apply(request, user);
        var passwordReset = !string.IsNullOrEmpty(request.Password);
        user.IsDisabled = request.Disabled ?? user.IsDisabled;
        user.MustChangePassword |= passwordReset;
        var updated = await users.UpdateAsync(user);
        if (updated.Succeeded && passwordReset)
        {
            await users.RemovePasswordAsync(user);
            updated = await users.AddPasswordAsync(user, request.Password!);
        }
        if (!updated.Succeeded)
        {
            return IdentityProblem<UserDto>(updated);
        }
        if (request.Roles is { } wanted)
        {
            var current = await users.GetRolesAsync(user);
            await users.RemoveFromRolesAsync(user, current.Except(wanted));
            await users.AddToRolesAsync(user, wanted.Except(current));
        }
        var after = ToDto(user, [.. (await users.GetRolesAsync(user)).Order()]);
        if (passwordReset || user.IsDisabled != before.Disabled || !after.Roles.SequenceEqual(before.Roles))
        {
            // Every token and cookie issued with the old rights stops working.
            await users.UpdateSecurityStampAsync(user);
            stamps.Forget(userName);
        }
        await audit.RecordAsync(AuditActions.UserUpdate, userName, new { before, after, passwordReset }, cancellationToken);
        return Changed(OrganisationChange<UserDto>.Done(after));
    }

    /// <summary>Removes a person; <paramref name="actor"/> cannot remove their own account (nobody would be left to undo it).</summary>
    public async Task<OrganisationChange<string>> DeleteUserAsync(string userName, string actor, CancellationToken cancellationToken = default)
    {
        if (userName == actor)
        {
            return OrganisationChange<string>.Invalid("userName", "you cannot remove your own account");
        }
        var user = await users.FindByNameAsync(userName);
        if (user is null)
        {
            return OrganisationChange<string>.NotFound($"no user '{userName}'");
        }
        var before = ToDto(user, [.. (await users.GetRolesAsync(user)).Order()]);
        await users.DeleteAsync(user);
        stamps.Forget(userName);
        await audit.RecordAsync(AuditActions.UserDelete, userName, new { before }, cancellationToken);
        return Changed(OrganisationChange<string>.Done(userName));
    }

    private OrganisationChange<T> Changed<T>(OrganisationChange<T> change)
    {
        directory.Invalidate();
        return change;
    }

    private void CheckName(Dictionary<string, string[]> errors, string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            errors["name"] = ["name is required"];
        }
        CheckLength<Department>(errors, "name", nameof(Department.Name), name);
    }

    private async Task<Dictionary<string, string[]>> CheckAsync(UserRequest request, bool creating, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.UserName))
        {
            errors["userName"] = ["userName is required"];
        }
        if (creating && string.IsNullOrEmpty(request.Password))
        {
            errors["password"] = ["password is required"];
        }
        if (creating && string.IsNullOrWhiteSpace(request.DisplayName))
        {
            errors["displayName"] = ["displayName is required"];
        }
        CheckLength<WorkflowUser>(errors, "userName", nameof(WorkflowUser.UserName), request.UserName);
        CheckLength<WorkflowUser>(errors, "displayName", nameof(WorkflowUser.DisplayName), request.DisplayName);
        CheckLength<WorkflowUser>(errors, "email", nameof(WorkflowUser.Email), request.Email);
        if (request.Department is { Length: > 0 } department && !await db.Departments.AnyAsync(d => d.Code == department, cancellationToken))
        {
            errors["department"] = [$"no department '{department}'"];
        }
        var knownRoles = await db.Roles.Select(r => r.Name!).ToListAsync(cancellationToken);
        if (request.Roles?.Except(knownRoles).ToList() is { Count: > 0 } unknown)
        {
            errors["roles"] = [$"no role {string.Join(", ", unknown.Select(r => $"'{r}'"))}"];
        }
        if (request.Supervisor is { Length: > 0 } supervisor && await users.FindByNameAsync(supervisor) is null)
        {
            errors["supervisor"] = [$"no user '{supervisor}'"];
        }
        return errors;
    }

    /// <summary>Refuses text longer than its column: SQLite would keep it, SQL Server and PostgreSQL fail the insert.</summary>
    private void CheckLength<TEntity>(Dictionary<string, string[]> errors, string field, string property, string? value)
    {
        if (value is not null && !errors.ContainsKey(field)
            && db.Model.FindEntityType(typeof(TEntity))?.FindProperty(property)?.GetMaxLength() is { } max && value.Length > max)
        {
            errors[field] = [$"{field} has at most {max} characters"];
        }
    }

    private static void Apply(UserRequest request, WorkflowUser user)
    {
        user.DisplayName = request.DisplayName ?? user.DisplayName;
        user.Email = Cleared(request.Email, user.Email);
        user.DepartmentCode = Cleared(request.Department, user.DepartmentCode);
        user.SupervisorUserName = Cleared(request.Supervisor, user.SupervisorUserName);
    }

    /// <summary>Left out keeps the value; an empty string clears it.</summary>
    private static string? Cleared(string? given, string? current) => given is null ? current : given.Length == 0 ? null : given;

    private static UserDto ToDto(WorkflowUser user, IReadOnlyList<string> roles) =>
        new(user.UserName!, user.DisplayName, user.Email, user.DepartmentCode, roles, user.SupervisorUserName, user.IsDisabled);

    private async Task<string[]> BrokenPasswordRulesAsync(WorkflowUser user, string password)
    {
        var broken = new List<string>();
        foreach (var validator in users.PasswordValidators)
        {
            broken.AddRange((await validator.ValidateAsync(users, user, password)).Errors.Select(e => e.Description));
        }
        return [.. broken];
    }

    /// <summary>Identity's errors by field; every password rule is filed under <c>password</c>, naming the rule.</summary>
    private static OrganisationChange<T> IdentityProblem<T>(IdentityResult result) => OrganisationChange<T>.Invalid(
        result.Errors.GroupBy(e => e.Code.StartsWith("Password", StringComparison.Ordinal) ? "password" : e.Code)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray()));

    private static OrganisationChange<UserDto> UserNotFound(string userName) => OrganisationChange<UserDto>.NotFound($"no user '{userName}'");
}
