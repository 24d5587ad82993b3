namespace Workflows.Designer.Shell;

/// <summary>
/// One item of the side navigation. A feature registers its pages with
/// <c>services.AddNavigationEntry(new NavigationEntry("/inbox", "Nav_Inbox", Icons.Material.Filled.Inbox, 10))</c>;
/// <paramref name="TextKey"/> names a string in Resources/Strings.resx.
/// </summary>
public sealed record NavigationEntry(string Href, string TextKey, string Icon, int Order, string? Roles = null);
