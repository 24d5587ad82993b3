using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Workflows.Cli.Seeding;
using Workflows.Core.Runtime;
using Workflows.Core.Tasks;
using Workflows.Persistence;
using Workflows.Persistence.Database;
using Workflows.Persistence.Instances;
using Workflows.Persistence.Organisation;
using Workflows.Persistence.Tasks;
using TaskStatus = Workflows.Persistence.Tasks.TaskStatus;

namespace Workflows.Cli.Tests.Seeding;

/// <summary><c>workflows seed</c> in-process on a real database, checked through the server's own tables.</summary>
public sealed class SeedCommandTests : IDisposable
{
    private const string PostgresVariable = "WORKFLOWS_TEST_POSTGRES";

    private readonly TempFiles _files = new();

    private string SqliteConnectionString => $"Data Source={Path.Combine(_files.Directory, "seed.db")};Pooling=False";

    [Fact]
    public async Task FortyMatters_OnSqlite_AreMadeThroughTheEngine_WithTheMixAndTheCountsPrinted()
    {
        var result = CliRun.InProcess("seed", "--provider", "Sqlite", "--connection", SqliteConnectionString, "--matters", "40");

        Assert.True(result.ExitCode == 0, result.Error);
        await AssertSeededAsync(DatabaseProvider.Sqlite, SqliteConnectionString, Printed(result), matters: 40, checkMix: true);
    }

    [SkippableFact]
    public async Task TenMatters_OnPostgreSql_AreMadeThroughTheEngine_WithTheCountsPrinted()
    {
        var server = Environment.GetEnvironmentVariable(PostgresVariable);
        Skip.If(string.IsNullOrWhiteSpace(server), $"{PostgresVariable} is not set (a PostgreSQL connection string), so the PostgreSQL run is skipped");
        var name = $"workflows_seed_test_{Guid.NewGuid():N}";
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        try
        {
            var result = CliRun.InProcess("seed", "--provider", "PostgreSql", "--connection", connectionString, "--matters", "10");

            Assert.True(result.ExitCode == 0, result.Error);
            await AssertSeededAsync(DatabaseProvider.PostgreSql, connectionString, Printed(result), matters: 10, checkMix: false);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(server);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }

    [Theory]
    [InlineData("--matters", "0", "error: --matters: must be at least 1, not 0")]
    [InlineData("--matters", "-5", "error: --matters: must be at least 1, not -5")]
    [InlineData("--provider", "Oracle", "error: --provider: unknown database provider 'Oracle' (use Sqlite, SqlServer or PostgreSql)")]
    [InlineData("--users", "20", "error: --users: 30 departments need at least")]
    public void ABadArgument_IsNamed_AndExitsTwo_BeforeTouchingTheDatabase(string option, string value, string expected)
    {
        string[] args = option == "--matters"
            ? ["seed", "--connection", SqliteConnectionString, option, value]
            : ["seed", "--connection", SqliteConnectionString, "--matters", "3", option, value];

        var result = CliRun.InProcess(args);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith(expected, result.Error.Trim());
        Assert.False(File.Exists(Path.Combine(_files.Directory, "seed.db")));
    }

    [Fact]
    public void AnUnreachableDatabase_IsNamed_AndExitsTwo()
    {
        var result = CliRun.InProcess("seed", "--provider", "PostgreSql", "--matters", "1",
            "--connection", "Host=127.0.0.1;Port=1;Username=nobody;Database=nothing;Timeout=2");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: cannot seed: cannot use the PostgreSql database 'nothing' on 'tcp://127.0.0.1:1'", result.Error.Trim());
    }

    [Fact]
    public void Help_NamesTheOptions_ThePassword_TheOutput_AndTheExitCodes()
    {
        var result = CliRun.InProcess("seed", "--help");

        Assert.Equal(0, result.ExitCode);
        foreach (var text in new[] { "--matters", "--users", "--departments", "--years", "--password", "--workers", SeedSettings.DefaultPassword, "journal rows: N", "2  the command line is wrong" })
        {
            Assert.Contains(text, result.Output);
        }
        Assert.Contains("seed", CliRun.InProcess("--help").Output);
    }

    private static Dictionary<string, int> Printed(CliResult result) =>
        result.OutputLines.Where(l => !l.StartsWith("seconds:", StringComparison.Ordinal)).Select(l => l.Split(": "))
            .ToDictionary(p => p[0], p => int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture));

    private static async Task AssertSeededAsync(DatabaseProvider provider, string connectionString, Dictionary<string, int> printed, int matters, bool checkMix)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{DatabaseOptions.SectionName}:Provider"] = provider.ToString(),
            [$"ConnectionStrings:{DatabaseOptions.ConnectionStringName}"] = connectionString,
        }).Build();
        await using var services = new ServiceCollection().AddWorkflowPersistence(configuration).BuildServiceProvider();
        await using var db = await services.GetRequiredService<IDbContextFactory<WorkflowsDbContext>>().CreateDbContextAsync();
        var now = DateTimeOffset.UtcNow;

        var instances = await db.Instances.CountAsync();
        var finished = await db.Instances.CountAsync(i => i.Status == WorkflowStatus.Completed);
        Assert.Equal(matters, instances);
        Assert.Equal(0, await db.Instances.CountAsync(i => i.Status == WorkflowStatus.Faulted));
        var tasks = await db.Tasks.CountAsync();
        var journal = await db.Journal.CountAsync();
        var outbox = await db.Outbox.CountAsync();
        Assert.True(tasks > matters, $"{tasks} tasks for {matters} matters");
        Assert.True(journal > tasks, $"{journal} journal rows for {tasks} tasks");
        Assert.True(outbox > 0);
        // The seeded e-mails belong to the past: none is left for a server to send.
        Assert.True(await db.Outbox.AnyAsync(o => o.Kind == SideEffectKinds.Email && o.State == OutboxState.Sent));
        Assert.False(await db.Outbox.AnyAsync(o => o.Kind == SideEffectKinds.Email && o.State == OutboxState.Pending));
        Assert.True(await db.Attachments.AnyAsync(a => a.InstanceId != null));
        if (checkMix)
        {
            // Forty matters are enough for the mix to show; a handful need not have every kind.
            Assert.InRange(finished, matters * 5 / 10, matters * 9 / 10);
            Assert.Equal(4, await db.Instances.Select(i => i.DefinitionId).Distinct().CountAsync());
            Assert.True(await db.Instances.AnyAsync(i => i.CreatedAt < now.AddDays(-60)), "matters are spread over the year");
            Assert.True(await db.Tasks.AnyAsync(t => t.Status == TaskStatus.Open && t.DueAt < now), "an open task is overdue");
            Assert.True(await db.Tasks.AnyAsync(t => t.Mode == TaskModes.All
                && db.TaskParticipants.Count(p => p.TaskId == t.Id && p.Kind == ParticipantKind.Signer) >= 2), "a 会签 task has several signers");
            Assert.True(await db.Timers.AnyAsync());
            // Overdue is counted at the seed's "now", a few seconds before this one: only its range is checked.
            Assert.InRange(printed["overdue tasks"], 1, printed["open tasks"]);
        }

        Assert.Equal(
            (matters, finished, tasks, journal, outbox),
            (printed["matters"], printed["finished"], printed["tasks"], printed["journal rows"], printed["outbox rows"]));
        Assert.Equal(await db.Users.CountAsync(), printed["users"]);
        Assert.Equal(await db.Tasks.CountAsync(t => t.Status == TaskStatus.Open), printed["open tasks"]);

        // The server's sign-in checks the stored hash: the seeded people can sign in with the printed password.
        var leader = await db.Users.SingleAsync(u => u.NormalizedUserName == "DISTRICT-LEADER-1");
        Assert.Equal(PasswordVerificationResult.Success,
            new PasswordHasher<WorkflowUser>().VerifyHashedPassword(leader, leader.PasswordHash!, SeedSettings.DefaultPassword));
        Assert.Contains(await db.UserRoles.Where(r => r.UserId == leader.Id).Join(db.Roles, r => r.RoleId, r => r.Id, (_, r) => r.Name).ToListAsync(), n => n == "district-leader");
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _files.Dispose();
    }
}
