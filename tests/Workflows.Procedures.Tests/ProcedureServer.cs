using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

// Hangfire keeps its storage in static state, so two servers in one process must not run at once.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Workflows.Procedures.Tests;

/// <summary>
/// The real server (Development, so the demo organisation is seeded and the shipped procedures imported from its
/// output folder) with a real SMTP server, on a database of its own: a SQLite file, or a fresh PostgreSQL database when
/// <c>WORKFLOWS_TEST_POSTGRES</c> is set. One per test class; the tests make their own instances.
/// </summary>
public sealed class ProcedureServer : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string PostgresVariable = "WORKFLOWS_TEST_POSTGRES";
    private const string DemoPassword = "Demo@12345";
    private const string AdminPassword = "Admin@12345";

    private readonly string _folder = Directory.CreateTempSubdirectory("workflows-procedures-test-").FullName;
    private readonly Dictionary<string, HttpClient> _clients = [];
    private readonly string? _postgresDatabase;
    private readonly string _connectionString;
    private readonly string _provider;

    public ProcedureServer() : this(postgres: false)
    {
    }

    internal ProcedureServer(bool postgres)
    {
        if (postgres)
        {
            _provider = "PostgreSql";
            _postgresDatabase = $"wf_procedures_{Guid.NewGuid():N}";
            _connectionString = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable(PostgresVariable)) { Database = _postgresDatabase }.ConnectionString;
        }
        else
        {
            _provider = "Sqlite";
            _connectionString = $"Data Source={Path.Combine(_folder, "workflows.db")}";
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Workflows:Database:Provider", _provider);
        builder.UseSetting("ConnectionStrings:Workflows", _connectionString);
        builder.UseSetting("Workflows:Auth:SigningKey", "test-signing-key-that-is-long-enough-0123456789");
        builder.UseSetting("Workflows:Smtp:Host", "127.0.0.1");
        builder.UseSetting("Workflows:Smtp:Port", Mailbox.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Workflows:Smtp:Security", "None");
        builder.UseSetting("Workflows:Smtp:From", "区政府办公室 <oa@example.gov.cn>");
        // Jobs are picked up quickly, so waiting for each matter's e-mails costs little.
        builder.UseSetting("Workflows:Scheduling:SchedulePollingInterval", "00:00:00.25");
        builder.ConfigureTestServices(s => s.Configure<PasswordHasherOptions>(o => o.IterationCount = 1000));
    }

    /// <summary>A client signed in as a demo user (or admin); one per user, reused.</summary>
    public async Task<HttpClient> As(string userName)
    {
        lock (_clients)
        {
            if (_clients.TryGetValue(userName, out var existing))
            {
                return existing;
            }
        }
        var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/token", new { userName, password = userName == "admin" ? AdminPassword : DemoPassword });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<TokenBody>())!;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        lock (_clients)
        {
            _clients[userName] = client;
        }
        return client;
    }

    /// <summary>The SMTP server the procedures' e-mails are delivered to.</summary>
    public Mailbox Mailbox { get; } = new();

    public Task InitializeAsync()
    {
        _ = Server;
        return Task.CompletedTask;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        Mailbox.Dispose();
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
