using Microsoft.Data.Sqlite;

namespace Workflows.Server.Tests.Operations;

/// <summary>What an operator sees when the database is not usable: the process stops at once, saying why.</summary>
public sealed class DatabaseStartupTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task UnreachableSqlServer_FailsFast_NamingTheConnection()
    {
        var environment = ServerProcess.Production("SqlServer",
            "Server=127.0.0.1,1;Database=workflows;User Id=sa;Password=not-used;Connect Timeout=3;TrustServerCertificate=True");

        var (exitCode, output) = await ServerProcess.RunAsync(environment, Limit);

        Assert.Equal(1, exitCode);
        Assert.Contains("SqlServer database 'workflows' on '127.0.0.1,1'", output);
        Assert.DoesNotContain("not-used", output);
    }

    [Fact]
    public async Task MigrateOnly_UpgradesTheSchemaAndStops_AndWithoutItAServerNotAllowedToMigrateRefuses()
    {
        var folder = Directory.CreateTempSubdirectory("workflows-migrate-").FullName;
        var database = Path.Combine(folder, "workflows.db");
        var environment = ServerProcess.Production("Sqlite", $"Data Source={database}");
        environment["Workflows__Database__MigrateAtStart"] = "false";

        var (refused, refusal) = await ServerProcess.RunAsync(environment, Limit);
        var (migrated, _) = await ServerProcess.RunAsync(environment, Limit, "--migrate-only");

        Assert.Equal(1, refused);
        Assert.Contains("--migrate-only", refusal);
        Assert.Equal(0, migrated);
        Assert.NotEmpty(await AppliedMigrationsAsync(database));
    }

    [Fact]
    public async Task AnOlderBuildOnANewerSchema_IsRefusedWithAClearMessage()
    {
        var folder = Directory.CreateTempSubdirectory("workflows-newer-").FullName;
        var database = Path.Combine(folder, "workflows.db");
        var environment = ServerProcess.Production("Sqlite", $"Data Source={database}");
        Assert.Equal(0, (await ServerProcess.RunAsync(environment, Limit, "--migrate-only")).ExitCode);
        await using (var connection = new SqliteConnection($"Data Source={database}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO __EFMigrationsHistory (MigrationId, ProductVersion) VALUES ('29991231000000_FromANewerBuild', '99.0.0')";
            await command.ExecuteNonQueryAsync();
        }

        var (exitCode, output) = await ServerProcess.RunAsync(environment, Limit);

        Assert.Equal(1, exitCode);
        Assert.Contains("newer schema than this build", output);
        Assert.Contains("29991231000000_FromANewerBuild", output);
    }

    private static async Task<List<string>> AppliedMigrationsAsync(string database)
    {
        await using var connection = new SqliteConnection($"Data Source={database}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT MigrationId FROM __EFMigrationsHistory";
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<string>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }
        return ids;
    }
}
