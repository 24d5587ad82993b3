namespace Workflows.Designer.Services;

/// <summary>Who may use the designer: the server's admin and designer roles.</summary>
public static class DesignerRoles
{
    public const string Designers = "admin,designer";
}
