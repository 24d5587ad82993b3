using Npgsql;

namespace Workflows.Http.Benchmarks;

/// <summary>An empty database for one run: a SQLite file in a temporary folder, or a PostgreSQL database created and dropped.</summary>
public sealed class ScratchDatabase : IAsyncDisposable
{
    private readonly string? _folder;
    private readonly string? _adminConnection;
    private readonly string? _name;

    private ScratchDatabase(string provider, string connectionString, string? folder, string? adminConnection, string? name)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _folder = folder;
        _adminConnection = adminConnection;
        _name = name;
    }

    /// <summary>The server's <c>Workflows:Database:Provider</c> value.</summary>
    public string Provider { get; }

    public string ConnectionString { get; }

    /// <param name="provider"><c>sqlite</c> or <c>postgres</c> (needs <c>WORKFLOWS_TEST_POSTGRES</c>, an admin connection string).</param>
    public static async Task<ScratchDatabase> CreateAsync(string provider)
    {
        if (provider == "sqlite")
        {
            var folder = Directory.CreateTempSubdirectory("workflows-http-bench-").FullName;
            return new ScratchDatabase("Sqlite", $"Data Source={Path.Combine(folder, "workflows.db")}", folder, null, null);
        }
        if (provider != "postgres")
        {
            throw new ArgumentException($"unknown provider '{provider}': use sqlite or postgres");
        }
        var admin = Environment.GetEnvironmentVariable("WORKFLOWS_TEST_POSTGRES")
            ?? throw new InvalidOperationException("postgres needs WORKFLOWS_TEST_POSTGRES (an admin connection string)");
        var name = $"wf_http_bench_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        // The server and the in-process host are up side by side (LoadComparison), each pooling its connections: 45
        // each stays under PostgreSQL's default 100, and above the 32 requests a server admits at once.
        var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name, MaxPoolSize = 45 }.ConnectionString;
        return new ScratchDatabase("PostgreSql", connectionString, null, admin, name);
    }

    public async ValueTask DisposeAsync()
    {
        if (_folder is not null)
        {
            Directory.Delete(_folder, recursive: true);
        }
        if (_adminConnection is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_adminConnection);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
