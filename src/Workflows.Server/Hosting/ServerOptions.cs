namespace Workflows.Server.Hosting;

/// <summary>Section <c>Workflows</c>: where the shipped definitions are and whether to seed the demo organisation.</summary>
public sealed class ServerOptions
{
    public const string SectionName = "Workflows";

    /// <summary>The folder of shipped <c>*.json</c> definitions (with <c>calendars/</c>); defaults to the copy beside the server.</summary>
    public string? DefinitionsPath { get; set; }

    /// <summary>Seeds the demo departments and accounts of README; on by default in Development only.</summary>
    public bool SeedDemoOrganisation { get; set; }

    /// <summary>Largest JSON request body accepted, in bytes (attachments have their own limit).</summary>
    public long MaxJsonBodyBytes { get; set; } = 4 * 1024 * 1024;

    public string ResolveDefinitionsPath() => DefinitionsPath ?? Path.Combine(AppContext.BaseDirectory, "workflows");
}
