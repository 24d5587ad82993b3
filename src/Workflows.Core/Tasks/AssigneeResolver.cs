using System.Text.Json;
using System.Text.Json.Nodes;
using Workflows.Core.Organisation;

namespace Workflows.Core.Tasks;

/// <summary>Who an <c>assignTo</c> (or <c>escalateTo</c>, <c>cc</c>) names: people directly, and roles and departments.</summary>
public sealed record Assignees(IReadOnlyList<string> Users, IReadOnlyList<string> Roles, IReadOnlyList<string> Departments)
{
    public bool IsEmpty => Users.Count == 0 && Roles.Count == 0 && Departments.Count == 0;
}

/// <summary>
/// Reads an assignment: a user name, a list of them (what a JavaScript expression returns), or
/// <c>{ users, roles, departments, starter, supervisorOf }</c> where <c>starter: true</c> names whoever started the
/// instance (the drafter a return goes back to) and <c>supervisorOf</c> is <c>starter</c>,
/// <c>previousActor</c> (whoever completed the last task) or a user name.
/// </summary>
public sealed class AssigneeResolver(IOrganisationDirectory organisation)
{
    public const string Starter = "starter";
    public const string PreviousActor = "previousActor";

    /// <exception cref="InvalidOperationException">The assignment has a shape this does not read, or names a supervisor nobody has.</exception>
    public Assignees Resolve(JsonNode? assignment, string? starter, string? previousActor)
    {
        switch (assignment)
        {
            case null:
                return new Assignees([], [], []);
            case JsonValue single when single.GetValueKind() == JsonValueKind.String:
                return new Assignees([single.GetValue<string>()], [], []);
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
                    var subject = of switch { Starter => starter, PreviousActor => previousActor ?? starter, _ => of };
                    var supervisor = subject is null ? null : organisation.SupervisorOf(subject);
                    users.Add(supervisor ?? throw new InvalidOperationException($"supervisorOf '{of}': {subject ?? "nobody"} has no supervisor in the organisation"));
                }
                return new Assignees(users.Distinct().ToList(), Names(spec["roles"]), Names(spec["departments"]));
            default:
                throw new InvalidOperationException($"an assignment must be a user name, a list of them or {{ users, roles, departments, supervisorOf }}, not {assignment.ToJsonString()}");
        }
    }

    /// <summary>Everyone the assignment reaches, roles and departments expanded to their members, listed people first.</summary>
    public IReadOnlyList<string> People(Assignees assignees) =>
        assignees.Users
            .Concat(assignees.Roles.SelectMany(organisation.UsersInRole))
            .Concat(assignees.Departments.SelectMany(organisation.UsersInDepartment))
            .Distinct(StringComparer.Ordinal)
            .ToList();

    public bool IsCandidate(string userName, TaskState task) =>
        task.CandidateRoles.Any(r => organisation.UsersInRole(r).Contains(userName))
        || task.CandidateDepartments.Any(d => organisation.UsersInDepartment(d).Contains(userName));

    public bool UserExists(string userName) => organisation.UserExists(userName);

    private static List<string> Names(JsonNode? node) => node switch
    {
        JsonArray array => array.OfType<JsonValue>().Select(v => v.ToString()).Where(n => n.Length > 0).ToList(),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => [value.GetValue<string>()],
        _ => [],
    };
}
