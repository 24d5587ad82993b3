using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;

namespace Workflows.Server.Tests;

public enum Provider
{
    Sqlite,
    PostgreSql,
}

/// <summary>
/// The real server on a real database of its own: a SQLite file in a temp folder, or a fresh PostgreSQL database
/// when <c>WORKFLOWS_TEST_POSTGRES</c> is set. Development environment, so the demo organisation is there.
/// </summary>
public sealed class ServerFactory : WebApplicationFactory<Program>
{
    public const string DemoPassword = "Demo@12345";
    public const string AdminPassword = "Admin@12345";
    private const string PostgresVariable = "WORKFLOWS_TEST_POSTGRES";

    private readonly string _folder = Directory.CreateTempSubdirectory("workflows-server-test-").FullName;
    private readonly string _connectionString;
    private readonly string? _postgresDatabase;

    public ServerFactory(Provider provider = Provider.Sqlite)
    {
        Provider = provider;
        if (provider == Provider.PostgreSql)
        {
            var admin = Environment.GetEnvironmentVariable(PostgresVariable)
                ?? throw new InvalidOperationException($"{PostgresVariable} is not set");
            _postgresDatabase = $"wf_server_{Guid.NewGuid():N}";
            _connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = _postgresDatabase }.ConnectionString;
        }
        else
        {
            _connectionString = $"Data Source={Path.Combine(_folder, "workflows.db")}";
        }
    }

    public Provider Provider { get; }

    /// <summary>Skips the calling test with a one-line reason when the provider is not available here.</summary>
    public static void SkipUnlessAvailable(Provider provider) =>
        Skip.If(provider == Provider.PostgreSql && string.IsNullOrEmpty(Environment.GetEnvironmentVariable(PostgresVariable)),
            $"PostgreSQL tests need {PostgresVariable} (a connection string); .ci/run sets it");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Workflows:Database:Provider", Provider.ToString());
        builder.UseSetting("ConnectionStrings:Workflows", _connectionString);
        builder.UseSetting("Workflows:Auth:SigningKey", "test-signing-key-that-is-long-enough-0123456789");
        builder.UseSetting("Workflows:Attachments:MaxSizeBytes", "1048576");
    }

    public async Task<HttpClient> ClientForAsync(string userName, string? password = null)
    {
        var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/token", new { userName, password = password ?? (userName == "admin" ? AdminPassword : DemoPassword) });
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<TokenBody>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);
        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_postgresDatabase is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable(PostgresVariable));
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_postgresDatabase}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A SQLite file still held by a pooled connection; the temp folder is cleaned by the OS.
        }
    }

    private sealed record TokenBody(string AccessToken, string TokenType, int ExpiresIn);
}
