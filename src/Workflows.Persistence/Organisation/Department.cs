namespace Workflows.Persistence.Organisation;

/// <summary>An office of the organisation; departments nest through <see cref="ParentCode"/>.</summary>
public sealed class Department
{
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string? ParentCode { get; set; }
}
