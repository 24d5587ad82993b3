using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Workflows.Persistence;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Workflows.Scheduling.Tests;

public enum Provider
{
    Sqlite,
    PostgreSql,
}

/// <summary>
/// The real server with Hangfire on its own real database (a SQLite file, or a fresh PostgreSQL database when
/// <c>WORKFLOWS_TEST_POSTGRES</c> is set), polling every second, sending to an SMTP server on <see cref="SmtpPort"/>
/// and retrying after 1 s, 2 s, 4 s… Development, so the demo organisation (with e-mail addresses) is there.
/// </summary>
public sealed class SchedulingServer : WebApplicationFactory<Program>
{
    public const string PublicUrl = "https://oa.example.gov.cn";
    private const string PostgresVariable = "WORKFLOWS_TEST_POSTGRES";
    private readonly string _folder;
    private readonly string _connectionString;
    private readonly string? _postgresDatabase;

    public SchedulingServer(Provider provider, int smtpPort)
    {
        (Provider, SmtpPort) = (provider, smtpPort);
        _folder = Directory.CreateTempSubdirectory("workflows-scheduling-test-").FullName;
        if (provider == Provider.PostgreSql)
        {
            _postgresDatabase = $"wf_sched_{Guid.NewGuid():N}";
            _connectionString = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable(PostgresVariable)) { Database = _postgresDatabase }.ConnectionString;
        }
        else
        {
            _connectionString = $"Data Source={Path.Combine(_folder, "workflows.db")}";
        }
    }

    /// <summary>A server on <paramref name="database"/>'s database, as after a restart; dispose <paramref name="database"/> last.</summary>
    public SchedulingServer(SchedulingServer database)
    {
        (Provider, SmtpPort, _folder, _connectionString) = (database.Provider, database.SmtpPort, database._folder, database._connectionString);
        OwnsDatabase = false;
    }

    public Provider Provider { get; }
    public int SmtpPort { get; }

    /// <summary>Set to run with no SMTP server configured: e-mails go to <see cref="MailFolder"/> as .eml files.</summary>
    public bool WithoutSmtp { get; init; }

    /// <summary>Delivery attempts before a message is Failed (the product's default when null).</summary>
    public int? EmailMaxAttempts { get; init; }

    /// <summary>Configuration set last, over this class's own (e.g. <c>Workflows:Scheduling:SweepAfter</c>).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    public string MailFolder => Path.Combine(_folder, "mail");
    private bool OwnsDatabase { get; } = true;

    public static TheoryData<Provider> Providers => new() { Provider.Sqlite, Provider.PostgreSql };

    public static void SkipUnlessAvailable(Provider provider) =>
        Skip.If(provider == Provider.PostgreSql && string.IsNullOrEmpty(Environment.GetEnvironmentVariable(PostgresVariable)),
            $"PostgreSQL tests need {PostgresVariable} (a connection string); .ci/run sets it");

    /// <summary>A loopback port nothing listens on (yet).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Workflows:Database:Provider", Provider.ToString());
        builder.UseSetting("ConnectionStrings:Workflows", _connectionString);
        builder.UseSetting("Workflows:Auth:SigningKey", "test-signing-key-that-is-long-enough-0123456789");
        builder.UseSetting("Workflows:Smtp:Host", WithoutSmtp ? "" : "127.0.0.1");
        builder.UseSetting("Workflows:Email:MailFolder", MailFolder);
        builder.UseSetting("Workflows:Smtp:Port", SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Workflows:Smtp:Security", "None");
        builder.UseSetting("Workflows:Smtp:From", "办公系统 <oa@example.gov.cn>");
        builder.UseSetting("Workflows:Scheduling:SchedulePollingInterval", "00:00:01");
        builder.UseSetting("Workflows:Email:RetryBaseDelay", "00:00:01");
        if (EmailMaxAttempts is { } attempts)
        {
            builder.UseSetting("Workflows:Email:MaxAttempts", attempts.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        builder.UseSetting("Workflows:PublicUrl", PublicUrl);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public async Task<HttpClient> ClientForAsync(string userName)
    {
        var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/token", new { userName, password = userName == "admin" ? "Admin@12345" : "Demo@12345" });
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<JsonObject>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)token!["accessToken"]!);
        return client;
    }

    /// <summary>Creates and publishes <paramref name="json"/> as the demo designer.</summary>
    public async Task PublishAsync(string json)
    {
        var designer = await ClientForAsync("designer");
        var created = await Expect(await designer.PostAsync("/api/workflow-definitions", Json(json)), HttpStatusCode.Created);
        await Expect(await designer.PostAsync($"/api/workflow-definitions/{created["definitionId"]}/publish", null), HttpStatusCode.OK);
    }

    public async Task<string> StartAsync(HttpClient client, string definitionId)
    {
        var started = await Expect(await client.PostAsync("/api/workflow-instances", Json($$"""{ "definitionId": "{{definitionId}}", "input": {} }""")), HttpStatusCode.Created);
        return (string)started["id"]!;
    }

    /// <summary>Reads the database directly, for what no endpoint shows (the Timers table).</summary>
    public async Task<T> QueryAsync<T>(Func<WorkflowsDbContext, Task<T>> query)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<WorkflowsDbContext>>().CreateDbContextAsync();
        return await query(db);
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static async Task<JsonObject> Expect(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        return body.Length == 0 ? [] : JsonNode.Parse(body) as JsonObject ?? new JsonObject { ["items"] = JsonNode.Parse(body) };
    }

    /// <summary>Stops this server (as a crash or an upgrade would), leaving its database for the next one.</summary>
    public ValueTask StopAsync() => base.DisposeAsync();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (!OwnsDatabase)
        {
            return;
        }
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
            // A SQLite file still held by a pooled connection; the OS cleans the temp folder.
        }
    }
}
