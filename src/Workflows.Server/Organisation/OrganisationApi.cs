using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Workflows.Persistence;
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

        var admin = api.MapGroup("").RequireAuthorization(Policies.Admin);
        admin.MapPost("/departments", CreateDepartment).Produces<DepartmentDto>(StatusCodes.Status201Created)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Add a department");
        admin.MapPut("/departments/{code}", RenameDepartment).Produces<DepartmentDto>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).WithSummary("Rename a department (its code stays)");
        admin.MapPost("/roles", CreateRole).Produces<RoleDto>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Add a role");
        admin.MapPost("/users", CreateUser).Produces<UserDto>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Add a person");
        admin.MapPut("/users/{userName}", UpdateUser).Produces<UserDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).WithSummary("Change a person; a password resets it (the person must choose a new one), disabled: true stops them signing in")
            .WithDescription("A change of roles or password, or a disable, ends the person's sessions: their tokens and cookies stop working.");
        admin.MapDelete("/users/{userName}", DeleteUser).Produces(StatusCodes.Status204NoContent).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).WithSummary("Remove a person");
        return api;
    }

    private static async Task<Ok<List<DepartmentDto>>> Departments(WorkflowsDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await db.Departments.AsNoTracking().OrderBy(d => d.Code)
            .Select(d => new DepartmentDto(d.Code, d.Name, d.ParentCode)).ToListAsync(cancellationToken));

    private static async Task<Ok<List<RoleDto>>> ListRoles(WorkflowsDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await db.Roles.AsNoTracking().OrderBy(r => r.Name)
            .Select(r => new RoleDto(r.Name!, r.DisplayName)).ToListAsync(cancellationToken));

    private static async Task<Ok<IReadOnlyList<UserDto>>> Users(OrganisationEditor editor, CancellationToken cancellationToken) =>
        TypedResults.Ok(await editor.UsersAsync(cancellationToken));

    private static async Task<IResult> CreateDepartment(DepartmentDto request, OrganisationEditor editor, CancellationToken cancellationToken) =>
        ToResult(await editor.CreateDepartmentAsync(request, cancellationToken), "DepartmentNotFound", d => TypedResults.Created($"/api/org/departments/{d.Code}", d));

    private static async Task<IResult> RenameDepartment(string code, DepartmentRename request, OrganisationEditor editor, CancellationToken cancellationToken) =>
        ToResult(await editor.RenameDepartmentAsync(code, request.Name, cancellationToken), "DepartmentNotFound", TypedResults.Ok);

    private static async Task<IResult> CreateRole(RoleDto request, OrganisationEditor editor, CancellationToken cancellationToken) =>
        ToResult(await editor.CreateRoleAsync(request, cancellationToken), "RoleNotFound", r => TypedResults.Created($"/api/org/roles/{r.Name}", r));

    private static async Task<IResult> CreateUser(UserRequest request, OrganisationEditor editor, CancellationToken cancellationToken) =>
        ToResult(await editor.CreateUserAsync(request, cancellationToken), "UserNotFound", u => TypedResults.Created($"/api/org/users/{u.UserName}", u));

    private static async Task<IResult> UpdateUser(string userName, UserRequest request, HttpContext http, OrganisationEditor editor, CancellationToken cancellationToken) =>
        ToResult(await editor.UpdateUserAsync(userName, request, http.User.UserName(), cancellationToken), "UserNotFound", TypedResults.Ok);

    private static async Task<IResult> DeleteUser(string userName, HttpContext http, OrganisationEditor editor, CancellationToken cancellationToken) =>
        ToResult(await editor.DeleteUserAsync(userName, http.User.UserName(), cancellationToken), "UserNotFound", _ => TypedResults.NoContent());

    private static IResult ToResult<T>(OrganisationChange<T> change, string notFoundTitle, Func<T, IResult> done) => change.Status switch
    {
        ChangeStatus.Done => done(change.Value!),
        ChangeStatus.Invalid => TypedResults.ValidationProblem(change.Errors),
        ChangeStatus.Conflict => TypedResults.Problem(new ProblemDetails { Title = "Already exists", Status = StatusCodes.Status409Conflict, Detail = change.Detail }),
        _ => TypedResults.Problem(new ProblemDetails { Title = notFoundTitle, Status = StatusCodes.Status404NotFound, Detail = change.Detail }),
    };
}
