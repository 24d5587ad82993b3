using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Persistence;
using Workflows.Persistence.Audit;
using Workflows.Persistence.Database;

namespace Workflows.Cli.Tests.Audit;

/// <summary><c>workflows audit verify</c> on a real SQLite database of the server's schema, as a real process.</summary>
public sealed class AuditVerifyTests : IDisposable
{
    private readonly TempFiles _files = new();

    private string ConnectionString => $"Data Source={Path.Combine(_files.Directory, "workflows.db")};Pooling=False";

    [Fact]
    public async Task AnUntouchedLog_IsIntact()
    {
        await WriteLogAsync(3);

        var result = await CliRun.AsProcessAsync(_files.Directory, "audit", "verify", "--provider", "Sqlite", "--connection", ConnectionString);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("intact: 3 records checked", result.Output.Trim());
    }

    [Theory]
    [InlineData("UPDATE AuditLog SET Details = '{\"roles\":[\"designer\"]}' WHERE Sequence = 2", "broken at record 2: row 2 was changed after it was written")]
    [InlineData("DELETE FROM AuditLog WHERE Sequence = 2", "broken at record 2: row 2 is missing")]
    public async Task ARecordChangedOrRemovedBehindTheApplicationsBack_IsNamed_AndExitsOne(string tampering, string expected)
    {
        await WriteLogAsync(4);
        await using (var connection = new SqliteConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = tampering;
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        var result = CliRun.InProcess("audit", "verify", "--provider", "Sqlite", "--connection", ConnectionString);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith(expected, result.Output.Trim());
        Assert.Contains("(1 records before it are intact)", result.Output);
    }

    [Fact]
    public void ADatabaseWithoutTheAuditLog_ExitsTwo_SayingWhy()
    {
        var result = CliRun.InProcess("audit", "verify", "--provider", "Sqlite", "--connection", ConnectionString);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: the audit log could not be read:", result.Error);
    }

    [Fact]
    public void Help_ExplainsWhereTheDatabaseComesFrom_TheOutput_AndTheExitCodes()
    {
        var result = CliRun.InProcess("audit", "verify", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("--provider", result.Output);
        Assert.Contains("ConnectionStrings__Workflows", result.Output);
        Assert.Contains("broken at record S: REASON", result.Output);
        Assert.Contains("1  a record was changed, removed or inserted", result.Output);
        Assert.Contains("audit", CliRun.InProcess("--help").Output);
    }

    /// <summary>A migrated database with <paramref name="count"/> records appended the way the server appends them.</summary>
    private async Task WriteLogAsync(int count)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{DatabaseOptions.SectionName}:Provider"] = "Sqlite",
            [$"ConnectionStrings:{DatabaseOptions.ConnectionStringName}"] = ConnectionString,
        }).Build();
        await using var services = new ServiceCollection().AddLogging().AddWorkflowPersistence(configuration).BuildServiceProvider();
        await services.MigrateWorkflowDatabaseAsync();
        var log = new AuditLog(services.GetRequiredService<IDbContextFactory<WorkflowsDbContext>>());
        for (var i = 1; i <= count; i++)
        {
            await log.AppendAsync(new AuditEntry(DateTimeOffset.UtcNow, "admin", "127.0.0.1", "org.user.update", $"user{i}", $$"""{"roles":["r{{i}}"]}"""), CancellationToken.None);
        }
    }

    public void Dispose() => _files.Dispose();
}
