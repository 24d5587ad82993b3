using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Npgsql;
using Workflows.Persistence.Database;

namespace Workflows.Persistence.Tests;

/// <summary>
/// A fresh, empty database for one test: a SQLite file in its own temporary folder, or a uniquely named PostgreSQL
/// database on the server named by <c>WORKFLOWS_TEST_POSTGRES</c>, dropped afterwards.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "WORKFLOWS_TEST_POSTGRES";

    private readonly string? _folder;
    private readonly string? _serverConnectionString;
    private readonly string? _databaseName;

    private TestDatabase(DatabaseProvider provider, string connectionString, string? folder, string? serverConnectionString, string? databaseName)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _folder = folder;
        _serverConnectionString = serverConnectionString;
        _databaseName = databaseName;
    }

    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }

    public IConfiguration Configuration => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        [$"{DatabaseOptions.SectionName}:Provider"] = Provider.ToString(),
        [$"ConnectionStrings:{DatabaseOptions.ConnectionStringName}"] = ConnectionString,
    }).Build();

    /// <summary>Skips the calling test when PostgreSQL is asked for but not configured.</summary>
    public static TestDatabase Create(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            // The file sits in a folder that does not exist yet: the initializer must create it.
            var folder = Path.Combine(Path.GetTempPath(), "workflows-tests", Guid.NewGuid().ToString("N"));
            return new TestDatabase(provider, $"Data Source={Path.Combine(folder, "data", "workflows.db")}", folder, null, null);
        }
        var server = Environment.GetEnvironmentVariable(PostgresVariable);
        Skip.If(string.IsNullOrWhiteSpace(server), $"{PostgresVariable} is not set (a PostgreSQL connection string), so the PostgreSQL run is skipped");
        var name = $"workflows_test_{Guid.NewGuid():N}";
        var database = new NpgsqlConnectionStringBuilder(server) { Database = name };
        return new TestDatabase(provider, database.ConnectionString, null, server, name);
    }

    public async ValueTask DisposeAsync()
    {
        if (_folder is not null)
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(_folder, recursive: true);
        }
        if (_serverConnectionString is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_serverConnectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_databaseName}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
