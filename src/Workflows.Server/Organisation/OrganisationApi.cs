using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Workflows.Persistence;
using Workflows.Persistence.Organisation;
using Workflows.Server.Auth;

namespace Workflows.Server.Organisation;

/// <summary>Departments, roles and people: everyone signed in reads, administrators write.</summary>
public static class OrganisationApi
{
    public static RouteGroupBuilder MapOrganisationApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/org").WithTags("Organisation");
        api.MapGet("/departments", Departments).WithSummary("Departments");
        api.MapGet("/roles", ListRoles).WithSummary("Roles: admin, designer and the organisational roles tasks are assigned to");
        api.MapGet("/users", Users).WithSummary("People, with department, roles and supervisor");

        var admin = api.MapGroup("").RequireAuthorization(Policies.Admin)
            .AddEndpointFilter(async (context, next) =>
            {
                var result = await next(context);
                // Task assignment reads a snapshot of the organisation: this node reloads it at once.
                context.HttpContext.RequestServices.GetRequiredService<DatabaseOrganisationDirectory>().Invalidate();
                return result;
            });
        admin.MapPost("/departments", CreateDepartment).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Add a department");
        admin.MapPost("/roles", CreateRole).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Add a role");
        admin.MapPost("/users", CreateUser).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Add a person");
        admin.MapPut("/users/{userName}", UpdateUser).ProducesProblem(StatusCodes.Status404NotFound).WithSummary("Change a person; a password resets it");
        admin.MapDelete("/users/{userName}", DeleteUser).ProducesProblem(StatusCodes.Status404NotFound).WithSummary("Remove a person");
        return api;
    }

    private static async Task<Ok<List<DepartmentDto>>> Departments(WorkflowsDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await db.Departments.AsNoTracking().OrderBy(d => d.Code)
            .Select(d => new DepartmentDto(d.Code, d.Name, d.ParentCode)).ToListAsync(cancellationToken));

    private static async Task<Ok<List<RoleDto>>> ListRoles(WorkflowsDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await db.Roles.AsNoTracking().OrderBy(r => r.Name)
            .Select(r => new RoleDto(r.Name!, r.DisplayName)).ToListAsync(cancellationToken));

    private static async Task<Ok<List<UserDto>>> Users(WorkflowsDbContext db, CancellationToken cancellationToken)
    {
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id select new { ur.UserId, r.Name })
            .ToListAsync(cancellationToken);
        var byUser = roles.ToLookup(r => r.UserId, r => r.Name!);
        var users = await db.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync(cancellationToken);
        return TypedResults.Ok(users.Select(u => ToDto(u, [.. byUser[u.Id].Order()])).ToList());
    }

    private static async Task<Results<Created<DepartmentDto>, ValidationProblem, ProblemHttpResult>> CreateDepartment(
        DepartmentDto request, WorkflowsDbContext db, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Code))
        {
            errors["code"] = ["code is required"];
        }
        if (string.IsNullOrWhiteSpace(request.Name))
        {
            errors["name"] = ["name is required"];
        }
        CheckLength<Department>(errors, db, "code", nameof(Department.Code), request.Code);
        CheckLength<Department>(errors, db, "name", nameof(Department.Name), request.Name);
        if (request.ParentCode is { } parent && !await db.Departments.AnyAsync(d => d.Code == parent, cancellationToken))
        {
            errors["parentCode"] = [$"no department '{parent}'"];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        if (await db.Departments.AnyAsync(d => d.Code == request.Code, cancellationToken))
        {
            return Conflict($"a department '{request.Code}' already exists");
        }
        db.Departments.Add(new Department { Code = request.Code, Name = request.Name, ParentCode = request.ParentCode });
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/org/departments/{request.Code}", request);
    }

    private static async Task<Results<Created<RoleDto>, ValidationProblem, ProblemHttpResult>> CreateRole(
        RoleDto request, RoleManager<WorkflowRole> roles, WorkflowsDbContext db)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Name))
        {
            errors["name"] = ["name is required"];
        }
        CheckLength<WorkflowRole>(errors, db, "name", nameof(WorkflowRole.Name), request.Name);
        CheckLength<WorkflowRole>(errors, db, "displayName", nameof(WorkflowRole.DisplayName), request.DisplayName);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        if (await roles.FindByNameAsync(request.Name) is not null)
        {
            return Conflict($"a role '{request.Name}' already exists");
        }
        var result = await roles.CreateAsync(new WorkflowRole { Name = request.Name, DisplayName = request.DisplayName ?? request.Name });
        return result.Succeeded ? TypedResults.Created($"/api/org/roles/{request.Name}", request) : IdentityProblem(result);
    }

    private static async Task<Results<Created<UserDto>, ValidationProblem, ProblemHttpResult>> CreateUser(
        UserRequest request, UserManager<WorkflowUser> users, WorkflowsDbContext db, CancellationToken cancellationToken)
    {
        var errors = await CheckAsync(request, users, db, creating: true, cancellationToken);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        if (await users.FindByNameAsync(request.UserName!) is not null)
        {
            return Conflict($"a user '{request.UserName}' already exists");
        }
        var user = new WorkflowUser { UserName = request.UserName };
        Apply(request, user);
        var created = await users.CreateAsync(user, request.Password!);
        if (!created.Succeeded)
        {
            return IdentityProblem(created);
        }
        await users.AddToRolesAsync(user, request.Roles ?? []);
        return TypedResults.Created($"/api/org/users/{user.UserName}", ToDto(user, [.. (request.Roles ?? []).Order()]));
    }

    private static async Task<Results<Ok<UserDto>, ValidationProblem, ProblemHttpResult>> UpdateUser(
        string userName, UserRequest request, UserManager<WorkflowUser> users, WorkflowsDbContext db, CancellationToken cancellationToken)
    {
        var user = await users.FindByNameAsync(userName);
        if (user is null)
        {
            return UserNotFound(userName);
        }
        var errors = await CheckAsync(request with { UserName = userName }, users, db, creating: false, cancellationToken);
        if (request.Supervisor == userName)
        {
            errors["supervisor"] = ["a person cannot supervise themselves"];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        Apply(request, user);
        var updated = await users.UpdateAsync(user);
        if (updated.Succeeded && !string.IsNullOrEmpty(request.Password))
        {
            await users.RemovePasswordAsync(user);
            updated = await users.AddPasswordAsync(user, request.Password);
        }
        if (!updated.Succeeded)
        {
            return IdentityProblem(updated);
        }
        if (request.Roles is { } wanted)
        {
            var current = await users.GetRolesAsync(user);
            await users.RemoveFromRolesAsync(user, current.Except(wanted));
            await users.AddToRolesAsync(user, wanted.Except(current));
        }
        return TypedResults.Ok(ToDto(user, [.. (await users.GetRolesAsync(user)).Order()]));
    }

    private static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> DeleteUser(
        string userName, HttpContext http, UserManager<WorkflowUser> users)
    {
        if (userName == http.User.UserName())
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["userName"] = ["you cannot remove your own account"] });
        }
        var user = await users.FindByNameAsync(userName);
        if (user is null)
        {
            return UserNotFound(userName);
        }
        await users.DeleteAsync(user);
        return TypedResults.NoContent();
    }

    private static async Task<Dictionary<string, string[]>> CheckAsync(
        UserRequest request, UserManager<WorkflowUser> users, WorkflowsDbContext db, bool creating, CancellationToken cancellationToken)
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
        CheckLength<WorkflowUser>(errors, db, "userName", nameof(WorkflowUser.UserName), request.UserName);
        CheckLength<WorkflowUser>(errors, db, "displayName", nameof(WorkflowUser.DisplayName), request.DisplayName);
        CheckLength<WorkflowUser>(errors, db, "email", nameof(WorkflowUser.Email), request.Email);
        if (request.Department is { } department && !await db.Departments.AnyAsync(d => d.Code == department, cancellationToken))
        {
            errors["department"] = [$"no department '{department}'"];
        }
        var knownRoles = await db.Roles.Select(r => r.Name!).ToListAsync(cancellationToken);
        if (request.Roles?.Except(knownRoles).ToList() is { Count: > 0 } unknown)
        {
            errors["roles"] = [$"no role {string.Join(", ", unknown.Select(r => $"'{r}'"))}"];
        }
        if (request.Supervisor is { } supervisor && await users.FindByNameAsync(supervisor) is null)
        {
            errors["supervisor"] = [$"no user '{supervisor}'"];
        }
        return errors;
    }

    /// <summary>Refuses text longer than its column: SQLite would keep it, SQL Server and PostgreSQL fail the insert.</summary>
    private static void CheckLength<TEntity>(Dictionary<string, string[]> errors, WorkflowsDbContext db, string field, string property, string? value)
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
        user.Email = request.Email ?? user.Email;
        user.DepartmentCode = request.Department ?? user.DepartmentCode;
        user.SupervisorUserName = request.Supervisor ?? user.SupervisorUserName;
    }

    private static UserDto ToDto(WorkflowUser user, IReadOnlyList<string> roles) =>
        new(user.UserName!, user.DisplayName, user.Email, user.DepartmentCode, roles, user.SupervisorUserName);

    private static ValidationProblem IdentityProblem(IdentityResult result) => TypedResults.ValidationProblem(
        result.Errors.GroupBy(e => e.Code).ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray()));

    private static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(new ProblemDetails { Title = "Already exists", Status = StatusCodes.Status409Conflict, Detail = detail });

    private static ProblemHttpResult UserNotFound(string userName) => TypedResults.Problem(new ProblemDetails
    {
        Title = "UserNotFound",
        Status = StatusCodes.Status404NotFound,
        Detail = $"no user '{userName}'",
    });
}
