namespace Workflows.Core.Organisation;

/// <summary>What a template prints for a department code: its name, the code itself only for a department the organisation does not know.</summary>
public static class DepartmentNames
{
    public static string Of(IOrganisationDirectory? organisation, string? code) =>
        string.IsNullOrEmpty(code) ? "" : organisation?.DepartmentName(code) ?? code;
}
