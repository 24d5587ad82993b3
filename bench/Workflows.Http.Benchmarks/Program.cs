using System.Globalization;

namespace Workflows.Http.Benchmarks;

internal static class HttpBench
{
    public static async Task<int> Main(string[] args)
    {
        // The REST API under load, against the real server process on loopback. See docs/benchmarks.md ("Many people at once").
        var command = args.ElementAtOrDefault(0);
        if (command is "pages")
        {
            var connection = Option(args, "--connection", "");
            if (connection.Length == 0)
            {
                Console.Error.WriteLine("pages needs --connection (the seeded database's connection string)");
                return 2;
            }
            return await PageLatencies.RunAsync(Option(args, "--provider", "sqlite") is "postgres" or "PostgreSql" ? "PostgreSql" : "Sqlite", connection,
                Option(args, "--password", "Seed@12345"), int.Parse(Option(args, "--samples", "100"), CultureInfo.InvariantCulture));
        }
        if (command is not "load")
        {
            Console.Error.WriteLine("""
                usage: dotnet run -c Release --project bench/Workflows.Http.Benchmarks -- pages --provider sqlite|postgres --connection "…" [--password P] [--samples 100]
                  Each clerk page's API calls on a database made by `workflows seed`, timed through the real server process:
                  the fullest inboxes (mine, candidate, done), the administrator's lists, the dashboard, instance pages, and
                  completing the busiest signer's tasks; then the server's memory.

                usage: dotnet run -c Release --project bench/Workflows.Http.Benchmarks -- load [options]
                  --provider sqlite|postgres|both   database (postgres needs WORKFLOWS_TEST_POSTGRES, an admin connection string); default sqlite
                  --users 10,50,200                 concurrent virtual users, one run each on a fresh database
                  --matters N                       vehicle-scrapping requests to work through per run; default 600
                Each run: the server in its own process, the organisation and N requests set up over HTTP, then the users work
                through the offered inbox (list, open, claim, complete; no think time); then the same N completions through the
                engine in-process on a fresh database with as many workers (at most as many as the server admits at once), for the ratio of the two rates.
                """);
            return 2;
        }
        var providers = Option(args, "--provider", "sqlite") is "both" ? ["sqlite", "postgres"] : new[] { Option(args, "--provider", "sqlite") };
        var userCounts = Option(args, "--users", "10,50,200").Split(',').Select(u => int.Parse(u, CultureInfo.InvariantCulture)).ToArray();
        var matters = int.Parse(Option(args, "--matters", "600"), CultureInfo.InvariantCulture);

        Console.WriteLine($"# load: {matters} requests per run, users {string.Join('/', userCounts)}; {Environment.ProcessorCount} cores; load average {LoadAverage()}");
        Console.WriteLine("provider | users | HTTP completions/s | in-process/s | ratio | complete p50/p95/p99 ms | list p95 | open p95 | claim p95 | races (409/404) | errors | server CPU ms/completion | server RSS MiB");
        foreach (var provider in providers)
        {
            foreach (var users in userCounts)
            {
                InboxWorkResult http;
                TimeSpan serverCpu;
                double rss;
                await using (var database = await ScratchDatabase.CreateAsync(provider))
                await using (var server = await ServerProcess.StartAsync(database.Provider, database.ConnectionString))
                {
                    using (var admin = await WorkflowsApi.SignInAsync(server.Address, ServerProcess.AdminUserName, ServerProcess.AdminPassword))
                    {
                        await VehicleScrappingLoad.CreateOrganisationAsync(admin, users);
                    }
                    using (var applicant = await WorkflowsApi.SignInAsync(server.Address, VehicleScrappingLoad.Applicant, VehicleScrappingLoad.Password))
                    {
                        await VehicleScrappingLoad.StartMattersAsync(applicant, matters, 8);
                    }
                    var cpuBefore = server.CpuTime();
                    http = await InboxWorkers.RunAsync(server.Address, users, "agree");
                    serverCpu = server.CpuTime() - cpuBefore;
                    rss = server.ResidentMemoryMiB();
                    if (http.Errors > 0)
                    {
                        var file = Path.Combine(Path.GetTempPath(), $"workflows-http-bench-{provider}-{users}.log");
                        await File.WriteAllLinesAsync(file, server.RecentLog());
                        Console.Error.WriteLine($"  {http.Errors} errors; the server's last log lines are in {file}");
                    }
                }
                (int Completed, TimeSpan Elapsed) inProcess;
                await using (var database = await ScratchDatabase.CreateAsync(provider))
                {
                    inProcess = await InProcessEngine.RunAsync(database.Provider, database.ConnectionString, users, matters);
                }
                var inProcessRate = inProcess.Completed / inProcess.Elapsed.TotalSeconds;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{provider} | {users} | {http.CompletionsPerSecond:F1} ({http.Completed}/{matters}) | {inProcessRate:F1} | {http.CompletionsPerSecond / inProcessRate:F2} | {http.Complete.Percentile(50):F0}/{http.Complete.Percentile(95):F0}/{http.Complete.Percentile(99):F0} | {http.List.Percentile(95):F0} | {http.Open.Percentile(95):F0} | {http.Claim.Percentile(95):F0} | {http.Conflicts} | {http.Errors} | {serverCpu.TotalMilliseconds / Math.Max(1, http.Completed):F1} | {rss:F0}"));
                foreach (var sample in http.ErrorSamples)
                {
                    Console.WriteLine($"  error: {sample}");
                }
                if (http.Completed != matters || inProcess.Completed != matters)
                {
                    Console.Error.WriteLine($"expected {matters} completions each way, got HTTP {http.Completed} and in-process {inProcess.Completed}");
                    return 1;
                }
            }
        }
        return 0;
    }

    private static string Option(string[] args, string name, string fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
}
