using Microsoft.EntityFrameworkCore;
using Workflows.Designer.Services;
using Workflows.Persistence;
using Workflows.Server.Auth;
using Workflows.Server.Organisation;

namespace Workflows.Server.Ui.Admin;

/// <summary>The organisation pages' changes, through the same <see cref="OrganisationEditor"/> as the REST API.</summary>
internal sealed class ServerOrganisationAdminClient(AdminCircuit circuit) : IOrganisationAdminClient
{
    public Task<OrganisationDetails> LoadAsync(CancellationToken cancellationToken) => circuit.RunAsync(async (sp, _) =>
    {
        var db = sp.GetRequiredService<WorkflowsDbContext>();
        var users = await sp.GetRequiredService<OrganisationEditor>().UsersAsync(cancellationToken);
        var roles = await db.Roles.AsNoTracking().OrderBy(r => r.Name).Select(r => new OrgRole(r.Name!, r.DisplayName)).ToListAsync(cancellationToken);
        var departments = await db.Departments.AsNoTracking().OrderBy(d => d.Code).Select(d => new OrgDepartment(d.Code, d.Name)).ToListAsync(cancellationToken);
        return new OrganisationDetails(
            [.. users.Select(u => new AdminUser(u.UserName, u.DisplayName, u.Email, u.Department, u.Roles, u.Supervisor))], roles, departments);
    });

    public Task<AdminResult> CreateDepartmentAsync(string code, string name, string? parentCode, CancellationToken cancellationToken) =>
        ChangeAsync(editor => editor.CreateDepartmentAsync(new DepartmentDto(code, name, parentCode), cancellationToken));

    public Task<AdminResult> RenameDepartmentAsync(string code, string name, CancellationToken cancellationToken) =>
        ChangeAsync(editor => editor.RenameDepartmentAsync(code, name, cancellationToken));

    public Task<AdminResult> CreateRoleAsync(string name, string displayName, CancellationToken cancellationToken) =>
        ChangeAsync(editor => editor.CreateRoleAsync(new RoleDto(name, displayName), cancellationToken));

    public Task<AdminResult> CreateUserAsync(UserEdit user, CancellationToken cancellationToken) =>
        ChangeAsync(editor => editor.CreateUserAsync(ToRequest(user), cancellationToken));

    public Task<AdminResult> UpdateUserAsync(string userName, UserEdit user, CancellationToken cancellationToken) =>
        circuit.RunAsync(async (sp, actor) =>
            ToResult(await sp.GetRequiredService<OrganisationEditor>().UpdateUserAsync(userName, ToRequest(user), actor.UserName(), cancellationToken)));

    public Task<AdminResult> DeleteUserAsync(string userName, CancellationToken cancellationToken) => circuit.RunAsync(async (sp, user) =>
        ToResult(await sp.GetRequiredService<OrganisationEditor>().DeleteUserAsync(userName, user.UserName(), cancellationToken)));

    private Task<AdminResult> ChangeAsync<T>(Func<OrganisationEditor, Task<OrganisationChange<T>>> change) =>
        circuit.RunAsync(async (sp, _) => ToResult(await change(sp.GetRequiredService<OrganisationEditor>())));

    /// <summary>
    /// The form shows every field, so a blank e-mail, department or supervisor was cleared (an empty string); a blank
    /// name or password was not given.
    /// </summary>
    private static UserRequest ToRequest(UserEdit user) => new(
        user.UserName, Given(user.DisplayName), Clearable(user.Email), Given(user.Password), Clearable(user.Department), user.Roles, Clearable(user.Supervisor));

    private static string? Given(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string Clearable(string? value) => value?.Trim() ?? "";

    private static AdminResult ToResult<T>(OrganisationChange<T> change) => change.Status switch
    {
        ChangeStatus.Done => AdminResult.Done,
        ChangeStatus.Invalid => AdminResult.Invalid(change.Errors),
        _ => AdminResult.Failed(change.Detail ?? change.Status.ToString()),
    };
}
