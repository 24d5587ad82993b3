namespace Workflows.Server.Tests.Operations;

/// <summary>A server started from another folder than its own, as a service manager may start it, still reads its settings files.</summary>
public sealed class ContentRootTests
{
    [Fact]
    public async Task AServerStartedFromAnotherFolder_ReadsTheSettingsFilesBesideTheProgram()
    {
        var folder = Directory.CreateTempSubdirectory("workflows-elsewhere-").FullName;
        try
        {
            var environment = ServerProcess.Production("Sqlite", $"Data Source={Path.Combine(folder, "workflows.db")}");
            // appsettings.Production.json's JSON log lines are what shows that the files were read.
            environment.Remove("Logging__Console__FormatterName");

            var (exitCode, output) = await ServerProcess.RunInAsync(folder, environment, TimeSpan.FromSeconds(90), "--migrate-only");

            Assert.Equal(0, exitCode);
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.NotEmpty(lines);
            Assert.All(lines, line => Assert.StartsWith("{\"Timestamp\"", line));
            Assert.DoesNotContain("Executed DbCommand", output);
            Assert.True(File.Exists(Path.Combine(folder, "workflows.db")), "the database was not made where its connection string says");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
