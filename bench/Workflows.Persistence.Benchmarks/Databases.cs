using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Workflows.Core;
using Workflows.Persistence.Database;

namespace Workflows.Persistence.Benchmarks;

/// <summary>Where the bench's databases come from: a temporary folder of SQLite files, or a PostgreSQL server.</summary>
public abstract class DatabaseServer : IAsyncDisposable
{
    public abstract BenchProvider Provider { get; }
    public abstract DatabaseProvider EfProvider { get; }
    public abstract string Describe();

    /// <summary>A new, empty database with the store's schema (the shipped migrations): the warm-up's, and the one every measurement copies.</summary>
    public async Task<FreshDatabase> CreateAsync(string label, CancellationToken cancellationToken)
    {
        var database = await CreateEmptyAsync(label, cancellationToken);
        // The same migrations for the engine's and the baseline's databases: same tables, keys and indexes.
        await using var services = EngineHost.Build(database);
        await services.MigrateWorkflowDatabaseAsync(cancellationToken);
        return database;
    }

    /// <summary>A new database holding what <paramref name="original"/> holds, its planner's statistics included, for one measurement.</summary>
    public abstract Task<FreshDatabase> CopyAsync(FreshDatabase original, string label, CancellationToken cancellationToken);

    /// <summary>
    /// Gives <paramref name="database"/> what a server's database that has been in use has and a new one lacks: on
    /// PostgreSQL the planner's statistics, which autovacuum gathers on a running server.
    /// </summary>
    public virtual Task SettleAsync(FreshDatabase database, CancellationToken cancellationToken) => Task.CompletedTask;

    protected abstract Task<FreshDatabase> CreateEmptyAsync(string label, CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();
}

/// <summary>
/// The database every measurement starts from, as a copy: the warm-up's finished approvals in it, as in an office's
/// database that has been in use. On an empty database without statistics PostgreSQL's planner cannot tell a
/// primary key from a person's index: a task's participant row, updated by its key, was found through the index of
/// everything its person did (three times the baseline's statement, and growing with the round).
/// </summary>
public sealed class StartingPoint(FreshDatabase database, IReadOnlyList<long> counts) : IAsyncDisposable
{
    public FreshDatabase Database { get; } = database;

    /// <summary>Its rows, as <see cref="Verifier"/> counts them; a measurement adds its own to these.</summary>
    public IReadOnlyList<long> Counts { get; } = counts;

    public ValueTask DisposeAsync() => Database.DisposeAsync();
}

public sealed class FreshDatabase(DatabaseProvider provider, string connectionString, Func<ValueTask> drop) : IAsyncDisposable
{
    public DatabaseProvider Provider { get; } = provider;
    public string ConnectionString { get; } = connectionString;

    /// <summary>What <c>AddWorkflowPersistence</c> reads.</summary>
    public IConfiguration Configuration => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        [$"{DatabaseOptions.SectionName}:Provider"] = Provider.ToString(),
        [$"ConnectionStrings:{DatabaseOptions.ConnectionStringName}"] = ConnectionString,
    }).Build();

    public ValueTask DisposeAsync() => drop();
}

public sealed class SqliteServer : DatabaseServer
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "workflows-persistence-bench", Guid.NewGuid().ToString("N"));

    public override BenchProvider Provider => BenchProvider.Sqlite;
    public override DatabaseProvider EfProvider => DatabaseProvider.Sqlite;
    public override string Describe() => $"SQLite {SqliteVersion()} (files under {_folder})";

    protected override Task<FreshDatabase> CreateEmptyAsync(string label, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_folder);
        var file = Path.Combine(_folder, $"{label}-{Guid.NewGuid():N}.db");
        var connectionString = new SqliteConnectionStringBuilder { DataSource = file }.ConnectionString;
        return Task.FromResult(new FreshDatabase(DatabaseProvider.Sqlite, connectionString, () =>
        {
            SqliteConnection.ClearAllPools();
            foreach (var path in new[] { file, file + "-wal", file + "-shm" })
            {
                File.Delete(path);
            }
            return ValueTask.CompletedTask;
        }));
    }

    public override async Task<FreshDatabase> CopyAsync(FreshDatabase original, string label, CancellationToken cancellationToken)
    {
        await using (var connection = new SqliteConnection(original.ConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var checkpoint = connection.CreateCommand();
            // Everything into the main file, so that the file alone is the database.
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            await checkpoint.ExecuteNonQueryAsync(cancellationToken);
        }
        SqliteConnection.ClearAllPools();
        var copy = await CreateEmptyAsync(label, cancellationToken);
        File.Copy(new SqliteConnectionStringBuilder(original.ConnectionString).DataSource, new SqliteConnectionStringBuilder(copy.ConnectionString).DataSource);
        return copy;
    }

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
        return ValueTask.CompletedTask;
    }

    private static string SqliteVersion()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        return connection.ServerVersion;
    }
}

public sealed class PostgresServer(string serverConnectionString) : DatabaseServer
{
    public override BenchProvider Provider => BenchProvider.Postgres;
    public override DatabaseProvider EfProvider => DatabaseProvider.PostgreSql;

    public override string Describe()
    {
        var builder = new NpgsqlConnectionStringBuilder(serverConnectionString);
        return $"PostgreSQL on {builder.Host}:{builder.Port} (a copy of the starting database per measurement, dropped afterwards)";
    }

    public async Task<string> ServerVersionAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(serverConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT current_setting('server_version') || ', synchronous_commit=' || current_setting('synchronous_commit') || ', fsync=' || current_setting('fsync')", connection);
        return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    protected override Task<FreshDatabase> CreateEmptyAsync(string label, CancellationToken cancellationToken) => CreateDatabaseAsync(label, null, cancellationToken);

    public override async Task<FreshDatabase> CopyAsync(FreshDatabase original, string label, CancellationToken cancellationToken)
    {
        // A template must have no session open while it is copied.
        NpgsqlConnection.ClearAllPools();
        return await CreateDatabaseAsync(label, new NpgsqlConnectionStringBuilder(original.ConnectionString).Database, cancellationToken);
    }

    public override async Task SettleAsync(FreshDatabase database, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("VACUUM ANALYZE", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<FreshDatabase> CreateDatabaseAsync(string label, string? template, CancellationToken cancellationToken)
    {
        var name = $"wf_bench_{label.Replace('-', '_')}_{Guid.NewGuid():N}";
        await ExecuteAsync(template is null ? $"CREATE DATABASE \"{name}\"" : $"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"", cancellationToken);
        var connectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name }.ConnectionString;
        return new FreshDatabase(DatabaseProvider.PostgreSql, connectionString, async () =>
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", CancellationToken.None);
        });
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(serverConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
