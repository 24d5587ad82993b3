namespace Workflows.Server.Attachments;

/// <summary>The name an uploaded file is kept under: its last path part (either slash), without control characters.</summary>
public static class FileNames
{
    public const string Fallback = "file";

    public static string Clean(string? given)
    {
        var name = given ?? "";
        var lastSeparator = name.LastIndexOfAny(['/', '\\']);
        var leaf = new string([.. name[(lastSeparator + 1)..].Where(c => !char.IsControl(c))]).Trim();
        return leaf is "" or "." or ".." ? Fallback : leaf;
    }
}
