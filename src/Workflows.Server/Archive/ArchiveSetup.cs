namespace Workflows.Server.Archive;

public static class ArchiveSetup
{
    /// <summary>Archive packages (归档) of finished matters.</summary>
    public static void AddArchive(this IHostApplicationBuilder builder) => builder.Services.AddScoped<ArchivePackage>();
}
