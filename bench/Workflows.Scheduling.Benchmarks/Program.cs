using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Workflows.Core.Definitions;
using Workflows.Core.Runtime;
using Workflows.Persistence;
using Workflows.Persistence.Definitions;

namespace Workflows.Scheduling.Benchmarks;

internal static class TimerLatenessBench
{
    public static async Task Main(string[] args)
    {
        // Timer lateness: N Delay timers on the real server (Hangfire on the application's database, 1 s polling), fired
        // time minus due time from the journal. Usage: [sqlite|postgres] [timers] [delay seconds] [idle seconds]; postgres
        // needs WORKFLOWS_TEST_POSTGRES (an admin connection string; a scratch database is created and dropped). With idle
        // seconds, the SQL commands the idle server runs are counted first, before any timer is planned.
        // The server's files (shipped definitions) are copied beside this program; its source folder is not needed.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_WORKFLOWS_SERVER", AppContext.BaseDirectory);
        var provider = args.ElementAtOrDefault(0) ?? "sqlite";
        var count = int.Parse(args.ElementAtOrDefault(1) ?? "1000", CultureInfo.InvariantCulture);
        var delay = int.Parse(args.ElementAtOrDefault(2) ?? "30", CultureInfo.InvariantCulture);
        var idle = int.Parse(args.ElementAtOrDefault(3) ?? "0", CultureInfo.InvariantCulture);
        using var idleLoad = IdleLoad.Start();

        var folder = Directory.CreateTempSubdirectory("workflows-timer-bench-").FullName;
        string? scratch = null;
        var connectionString = $"Data Source={Path.Combine(folder, "workflows.db")}";
        if (provider == "postgres")
        {
            var admin = Environment.GetEnvironmentVariable("WORKFLOWS_TEST_POSTGRES") ?? throw new InvalidOperationException("set WORKFLOWS_TEST_POSTGRES");
            scratch = $"wf_timer_bench_{Guid.NewGuid():N}";
            connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = scratch }.ConnectionString;
        }

        await using (var server = new BenchServer(provider == "postgres" ? "PostgreSql" : "Sqlite", connectionString))
        {
            server.CreateClient().Dispose();
            var services = server.Services;
            var definitions = services.GetRequiredService<EfWorkflowDefinitionStore>();
            var definition = WorkflowDefinitionSerializer.Deserialize($$"""
                {
                  "definitionId": "timer-bench", "name": "timer bench",
                  "root": { "type": "Flowchart",
                    "activities": [
                      { "id": "start", "type": "Start" },
                      { "id": "wait", "type": "Delay", "inputs": { "duration": { "type": "Literal", "value": "PT{{delay}}S" } } },
                      { "id": "done", "type": "End" } ],
                    "connections": [
                      { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "wait", "port": "In" } },
                      { "source": { "activity": "wait", "port": "Done" }, "target": { "activity": "done", "port": "In" } } ] }
                }
                """);
            await definitions.CreateAsync(definition, "bench", CancellationToken.None);
            await definitions.PublishAsync("timer-bench", "bench", CancellationToken.None);
            if (idle > 0)
            {
                // Past the start-up work (migrations, the first sweep, recurring job registration) first.
                await Task.Delay(TimeSpan.FromSeconds(10));
                Console.WriteLine($"provider {provider}: {await idleLoad.MeasureAsync(TimeSpan.FromSeconds(idle))}");
            }

            var engine = services.GetRequiredService<WorkflowEngine>();
            var started = Stopwatch.StartNew();
            // Four starters at once, so the due times are spread over a few seconds as in real use, not one per commit.
            await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 4 },
                async (_, ct) => await engine.StartAsync(new StartWorkflow("timer-bench"), ct));
            Console.WriteLine($"{count} timers scheduled in {started.Elapsed.TotalSeconds:F1} s; each due {delay} s after its start");

            var contexts = services.GetRequiredService<IDbContextFactory<WorkflowsDbContext>>();
            var deadline = DateTime.UtcNow.AddSeconds(delay + 300);
            int completed;
            do
            {
                await Task.Delay(1000);
                await using var db = await contexts.CreateDbContextAsync();
                completed = await db.Instances.CountAsync(i => i.Status == WorkflowStatus.Completed);
            }
            while (completed < count && DateTime.UtcNow < deadline);

            await using (var db = await contexts.CreateDbContextAsync())
            {
                var journal = await db.Journal.AsNoTracking().Where(j => j.ActivityId == "wait").ToListAsync();
                var lateness = journal.GroupBy(j => j.InstanceId)
                    .Where(g => g.Any(j => j.Event == JournalEvents.ActivityResumed))
                    .Select(g => (g.First(j => j.Event == JournalEvents.ActivityResumed).At - g.First(j => j.Event == JournalEvents.ActivitySuspended).At).TotalSeconds - delay)
                    .Order().ToList();
                Console.WriteLine($"provider {provider}: {lateness.Count}/{count} fired; lateness p50 {Percentile(lateness, 0.50):F3} s, p99 {Percentile(lateness, 0.99):F3} s, max {lateness.LastOrDefault():F3} s, min {lateness.FirstOrDefault():F3} s");
            }
        }

        if (scratch is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable("WORKFLOWS_TEST_POSTGRES"));
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{scratch}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A SQLite file still held by a pooled connection; the OS cleans the temp folder.
        }
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}

/// <summary>The server as shipped, on a scratch database, with no SMTP and the default 1 s polling.</summary>
internal sealed class BenchServer(string provider, string connectionString) : WebApplicationFactory<global::Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Workflows:Database:Provider", provider);
        builder.UseSetting("ConnectionStrings:Workflows", connectionString);
        builder.UseSetting("Workflows:Auth:SigningKey", "bench-signing-key-that-is-long-enough-0123456789");
        builder.UseSetting("Workflows:Admin:UserName", "admin");
        builder.UseSetting("Workflows:Admin:Password", "Admin@12345");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
    }
}
