using System.Text.Json.Nodes;
using Workflows.Core.Definitions;

namespace Workflows.Designer.Services;

/// <summary>
/// Names instead of codes: departments in tree order with their depth and path, people with their department, and a
/// form value of a department, user or users field as the names a reader knows.
/// </summary>
public static class OrganisationNames
{
    /// <summary>Every department, each after its parent, with how deep it sits (0 at the top).</summary>
    public static IReadOnlyList<(OrgDepartment Department, int Depth)> Tree(this OrganisationView organisation)
    {
        var children = organisation.Departments.ToLookup(d => d.ParentCode is { } p && organisation.Departments.Any(x => x.Code == p) ? p : null);
        var ordered = new List<(OrgDepartment, int)>();
        void Walk(string? parent, int depth)
        {
            foreach (var department in children[parent].OrderBy(d => d.Code, StringComparer.Ordinal))
            {
                if (ordered.Any(o => o.Item1.Code == department.Code))
                {
                    continue;
                }
                ordered.Add((department, depth));
                Walk(department.Code, depth + 1);
            }
        }
        Walk(null, 0);
        return ordered;
    }

    /// <summary>"阳泉市城区人民政府 / 区政府办公室": a department with the ones above it.</summary>
    public static string PathOf(this OrganisationView organisation, string code)
    {
        var names = new List<string>();
        for (var current = organisation.Departments.FirstOrDefault(d => d.Code == code); current is not null && names.Count < 64;
             current = organisation.Departments.FirstOrDefault(d => d.Code == current.ParentCode))
        {
            names.Insert(0, current.Name);
        }
        return names.Count == 0 ? code : string.Join(" / ", names);
    }

    public static string DepartmentName(this OrganisationView organisation, string? code) =>
        organisation.Departments.FirstOrDefault(d => d.Code == code)?.Name ?? code ?? "";

    public static string PersonName(this OrganisationView organisation, string? userName) =>
        organisation.Users.FirstOrDefault(u => u.UserName == userName)?.DisplayName is { Length: > 0 } name ? name : userName ?? "";

    /// <summary>"郑专家（区健康专家委员会办公室）": whom a reader picks from.</summary>
    public static string PersonWithDepartment(this OrganisationView organisation, string? userName)
    {
        var user = organisation.Users.FirstOrDefault(u => u.UserName == userName);
        return user?.Department is { } department ? $"{organisation.PersonName(userName)}（{organisation.DepartmentName(department)}）" : organisation.PersonName(userName);
    }

    /// <summary>A start-form or task-form value as a reader sees it: names for department, user and users fields, the text otherwise.</summary>
    public static string Show(this OrganisationView organisation, InputDefinition field, JsonNode? value) => field.Type switch
    {
        FieldTypes.Department => organisation.DepartmentName(value?.ToString()),
        FieldTypes.User => organisation.PersonName(value?.ToString()),
        FieldTypes.Users => string.Join("、", UserNames(value).Select(organisation.PersonName)),
        _ => value?.ToString() ?? "",
    };

    public static IReadOnlyList<string> UserNames(JsonNode? value) => value switch
    {
        JsonArray list => [.. list.Select(v => v?.ToString()).OfType<string>()],
        JsonValue single when single.ToString() is { Length: > 0 } name => [name],
        _ => [],
    };
}
