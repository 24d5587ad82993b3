using System.Net.Http.Headers;
using System.Net.Http.Json;
using Hangfire;
using Hangfire.AspNetCore;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
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

    /// <summary>
    /// Another server on the database of <paramref name="database"/>, as after a restart. It leaves the database
    /// alone when disposed: <paramref name="database"/> owns it, so dispose that one last.
    /// </summary>
    public ServerFactory(ServerFactory database)
    {
        Provider = database.Provider;
        _connectionString = database._connectionString;
    }

    /// <summary>Every provider, for <c>[MemberData]</c>: each test runs on SQLite and, when configured, on PostgreSQL.</summary>
    public static TheoryData<Provider> Providers => new() { Provider.Sqlite, Provider.PostgreSql };

    public Provider Provider { get; }

    /// <summary>The host environment; Development unless a test is about production start-up.</summary>
    public string EnvironmentName { get; init; } = "Development";

    /// <summary>Configuration on top of the test defaults (the database, a signing key, the 1 MB attachment limit, no forced password change).</summary>
    public Dictionary<string, string?> Settings { get; } = [];

    /// <summary>Registrations added after the server's own, such as an EF interceptor.</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    /// <summary>Skips the calling test with a one-line reason when the provider is not available here.</summary>
    public static void SkipUnlessAvailable(Provider provider) =>
        Skip.If(provider == Provider.PostgreSql && string.IsNullOrEmpty(Environment.GetEnvironmentVariable(PostgresVariable)),
            $"PostgreSQL tests need {PostgresVariable} (a connection string); .ci/run sets it");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        builder.UseSetting("Workflows:Database:Provider", Provider.ToString());
        builder.UseSetting("ConnectionStrings:Workflows", _connectionString);
        builder.UseSetting("Workflows:Auth:SigningKey", "test-signing-key-that-is-long-enough-0123456789");
        builder.UseSetting("Workflows:Attachments:MaxSizeBytes", "1048576");
        // Tests make people with a password the administrator chose and sign in as them at once; the forced change
        // has tests of its own that turn this back on.
        builder.UseSetting("Workflows:Auth:RequirePasswordChange", "false");
        // Every test signs in from the in-memory server's one (empty) address; a per-address limit would couple them.
        builder.UseSetting("Workflows:Auth:MaxFailedLoginsPerAddress", "100000");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
        // Hashing stays real but cheap: every start seeds two dozen accounts and every test signs in several times.
        builder.ConfigureTestServices(s => s.Configure<PasswordHasherOptions>(o => o.IterationCount = 1000));
        if (TestServices is { } services)
        {
            builder.ConfigureTestServices(services);
        }
    }

    protected override IHost CreateHost(IHostBuilder builder)
    {
        try
        {
            return base.CreateHost(builder);
        }
        finally
        {
            // Hangfire keeps its log provider in static state, pointed at the newest host's logger factory, which is
            // disposed with that host while the other servers of the test run go on: give it one that never is.
            GlobalConfiguration.Configuration.UseLogProvider(SilentHangfireLog);
        }
    }

    private static readonly AspNetCoreLogProvider SilentHangfireLog = new(NullLoggerFactory.Instance);

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
