namespace Workflows.Server.Hosting;

/// <summary>
/// Where the server reads <c>appsettings.json</c> and its environment's file from. ASP.NET Core takes the current
/// directory, so a server started from elsewhere (<c>dotnet /opt/workflows/Workflows.Server.dll</c>, a systemd unit
/// without <c>WorkingDirectory</c>) would run on built-in settings without a word: every SQL statement logged, the
/// attachment limit and the token lifetime at their defaults. The settings files are copied beside the program, so the
/// program's folder is taken when the current directory has none. A root given with <c>--contentRoot</c> or
/// <c>ASPNETCORE_CONTENTROOT</c> is left as given.
/// </summary>
public static class ServerContentRoot
{
    public const string SettingsFile = "appsettings.json";

    /// <summary>The program's folder when neither a root was given nor the current directory has the settings file; otherwise null (ASP.NET Core's own choice).</summary>
    public static string? For(string[] args)
    {
        var given = args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase))
            || Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT") is not null
            || Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT") is not null;
        return given || File.Exists(Path.Combine(Directory.GetCurrentDirectory(), SettingsFile)) ? null : AppContext.BaseDirectory;
    }
}
