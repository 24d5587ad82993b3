using System.Text.Json;
using System.Text.Json.Nodes;
using Workflows.Core.Organisation;
using Workflows.Core.Runtime;

namespace Workflows.Core.Tasks;

/// <summary>A role restricted to a department: its holders who belong to that department or one below it.</summary>
public sealed record RoleInDepartment(string Role, string Department)
{
    /// <summary>How the inbox stores and finds it: a person matches the keys of their roles in their department and every department above.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Key => KeyOf(Role, Department);

    public static string KeyOf(string role, string department) => $"{role}@{department}";

    public override string ToString() => $"role {Role} in department {Department}";
}

/// <summary>Who an <c>assignTo</c> (or <c>escalateTo</c>, <c>cc</c>) names: people directly, roles (district-wide or within a department) and departments.</summary>
public sealed record Assignees(IReadOnlyList<string> Users, IReadOnlyList<string> Roles, IReadOnlyList<string> Departments)
{
    public IReadOnlyList<RoleInDepartment> ScopedRoles { get; init; } = [];

    public bool IsEmpty => Users.Count == 0 && Roles.Count == 0 && Departments.Count == 0 && ScopedRoles.Count == 0;
}

/// <summary>
/// Reads an assignment: a user name, a list of them (what a JavaScript expression returns), a list of assignments
/// (their parties together), or
/// <c>{ users, roles, department, departments, starter, supervisorOf }</c> where <c>starter: true</c> names whoever
/// started the instance (the drafter a return goes back to), <c>supervisorOf</c> is <c>starter</c>,
/// <c>previousActor</c> (whoever completed the last task) or a user name, and <c>department</c> restricts
/// <c>roles</c> to a department code, to <c>{ "input": "field" }</c> (the department a start-form field names) or to
/// <c>{ "of": "starter" | "previousActor" }</c>, that person's department.
/// </summary>
public sealed class AssigneeResolver(IOrganisationDirectory organisation)
{
    public const string Starter = "starter";
    public const string PreviousActor = "previousActor";

    /// <summary>Resolves an assignment of <paramref name="instance"/>: its starter, the last task's actor and its start form.</summary>
    public Assignees Resolve(JsonNode? assignment, WorkflowInstance instance) =>
        Resolve(assignment, instance.StartedBy, instance.LastTask?["actor"]?.GetValue<string>(), instance.Input);

    /// <exception cref="InvalidOperationException">The assignment has a shape this does not read, names a supervisor nobody has, or a department it cannot work out.</exception>
    public Assignees Resolve(JsonNode? assignment, string? starter, string? previousActor, JsonObject? input = null)
    {
        switch (assignment)
        {
            case null:
                return new Assignees([], [], []);
            case JsonValue single when single.GetValueKind() == JsonValueKind.String:
                // A blank name (an expression's empty answer) names nobody: the task then faults as unassigned, visibly,
                // instead of waiting for a person who does not exist.
                return new Assignees(Names(single), [], []);
            case JsonArray list when list.Any(item => item is JsonObject):
                // Several parties at once, e.g. the hazard unit and the police station, each within its own department.
                var parts = list.Select(item => Resolve(item, starter, previousActor, input)).ToList();
                return new Assignees([.. parts.SelectMany(p => p.Users).Distinct()], [.. parts.SelectMany(p => p.Roles).Distinct()], [.. parts.SelectMany(p => p.Departments).Distinct()])
                {
                    ScopedRoles = [.. parts.SelectMany(p => p.ScopedRoles).Distinct()],
                };
            case JsonArray list:
                return new Assignees(Names(list), [], []);
            case JsonObject spec:
                var users = Names(spec["users"]).ToList();
                if (spec["starter"] is JsonValue starterFlag && starterFlag.GetValueKind() == JsonValueKind.True)
                {
                    users.Add(starter ?? throw new InvalidOperationException("assignment to the starter, but the instance was started by the system"));
                }
                if (spec["supervisorOf"]?.GetValue<string>() is { Length: > 0 } of)
                {
                    var subject = Subject(of, starter, previousActor);
                    var supervisor = subject is null ? null : organisation.SupervisorOf(subject);
                    users.Add(supervisor ?? throw new InvalidOperationException($"supervisorOf '{of}': {subject ?? "nobody"} has no supervisor in the organisation"));
                }
                var roles = Names(spec["roles"]);
                if (spec["department"] is not { } scope)
                {
                    return new Assignees(users.Distinct().ToList(), roles, Names(spec["departments"]));
                }
                if (roles.Count == 0)
                {
                    throw new InvalidOperationException("'department' restricts 'roles' to a department, but the assignment names no roles");
                }
                var department = Department(scope, starter, previousActor, input);
                return new Assignees(users.Distinct().ToList(), [], Names(spec["departments"]))
                {
                    ScopedRoles = [.. roles.Distinct().Select(r => new RoleInDepartment(r, department))],
                };
            default:
                throw new InvalidOperationException($"an assignment must be a user name, a list of them or {{ users, roles, department, departments, supervisorOf }}, not {assignment.ToJsonString()}");
        }
    }

    /// <summary>Everyone the assignment reaches, roles and departments expanded to their members, listed people first.</summary>
    public IReadOnlyList<string> People(Assignees assignees) =>
        assignees.Users
            .Concat(assignees.Roles.SelectMany(organisation.UsersInRole))
            .Concat(assignees.ScopedRoles.SelectMany(s => organisation.UsersInRoleWithin(s.Role, s.Department)))
            .Concat(assignees.Departments.SelectMany(organisation.UsersInDepartment))
            .Distinct(StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// A role restricted to a case's department that nobody holds there must stop the matter (an incident an administrator
    /// fixes in the organisation, then retries): widening it to every holder would hand the case to other parties.
    /// </summary>
    /// <exception cref="InvalidOperationException">A role in a department has no holder there.</exception>
    public void RequireHolders(Assignees assignees, string purpose)
    {
        var empty = assignees.ScopedRoles.Where(s => organisation.UsersInRoleWithin(s.Role, s.Department).Count == 0).ToList();
        if (empty.Count > 0)
        {
            throw new InvalidOperationException($"{purpose}: nobody holds {string.Join("; ", empty.Select(Describe))}; add a holder of the role to that department (or below it) and retry");
        }
    }

    public bool IsCandidate(string userName, TaskState task) =>
        task.CandidateRoles.Any(r => organisation.UsersInRole(r).Contains(userName))
        || task.CandidateScopedRoles.Any(s => organisation.UsersInRole(s.Role).Contains(userName) && organisation.IsWithin(userName, s.Department))
        || task.CandidateDepartments.Any(d => organisation.UsersInDepartment(d).Contains(userName));

    public bool UserExists(string userName) => organisation.UserExists(userName);

    private string Describe(RoleInDepartment scoped) => organisation.DepartmentExists(scoped.Department)
        ? $"role '{scoped.Role}' in department '{scoped.Department}'"
        : $"role '{scoped.Role}' in department '{scoped.Department}' (no such department)";

    private static string? Subject(string of, string? starter, string? previousActor) =>
        of switch { Starter => starter, PreviousActor => previousActor ?? starter, _ => of };

    private string Department(JsonNode scope, string? starter, string? previousActor, JsonObject? input)
    {
        switch (scope)
        {
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                var code = value.GetValue<string>().Trim();
                return code.Length > 0 ? code : throw new InvalidOperationException("'department' is empty: the case names no department for this step");
            case JsonObject { } of when of["of"]?.GetValue<string>() is Starter or PreviousActor:
                var whose = of["of"]!.GetValue<string>();
                var subject = Subject(whose, starter, previousActor)
                    ?? throw new InvalidOperationException($"department of the {whose}, but the instance was started by the system");
                return organisation.DepartmentOf(subject)
                    ?? throw new InvalidOperationException($"department of the {whose}: {subject} belongs to no department in the organisation");
            case JsonObject { } field when field["input"]?.GetValue<string>() is { Length: > 0 } name:
                return input?[name] is JsonValue chosen && chosen.GetValueKind() == JsonValueKind.String && chosen.GetValue<string>().Trim() is { Length: > 0 } fieldCode
                    ? fieldCode
                    : throw new InvalidOperationException($"department from the start form's field '{name}', which is empty");
            default:
                throw new InvalidOperationException($"'department' must be a department code, {{ \"input\": \"<field>\" }} or {{ \"of\": \"starter\" | \"previousActor\" }}, not {scope.ToJsonString()}");
        }
    }

    private static List<string> Names(JsonNode? node) => node switch
    {
        JsonArray array => array.OfType<JsonValue>().Select(v => v.ToString()).Where(n => !string.IsNullOrWhiteSpace(n)).ToList(),
        JsonValue value when value.GetValueKind() == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetValue<string>()) => [value.GetValue<string>()],
        _ => [],
    };
}
