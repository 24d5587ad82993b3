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
                Option(args, "--password", "Seed@12345"), int.Parse(Option(args, "--samples", "100"), CultureInfo.InvariantCulture),
                int.Parse(Option(args, "--aged-looks", "0"), CultureInfo.InvariantCulture));
        }
        if (command is "requests")
        {
            var provider = Option(args, "--provider", "sqlite");
            return await RequestCosts.RunAsync(provider is "postgres" or "PostgreSql" ? "postgres" : "sqlite",
                int.Parse(Option(args, "--matters", "300"), CultureInfo.InvariantCulture), int.Parse(Option(args, "--samples", "300"), CultureInfo.InvariantCulture));
        }
        if (command is not "load")
        {
            Console.Error.WriteLine("""
                usage: dotnet run -c Release --project bench/Workflows.Http.Benchmarks -- pages --provider sqlite|postgres --connection "…" [--password P] [--samples 100] [--aged-looks 0]
                  Each clerk page's API calls on a database made by `workflows seed`, timed through the real server process:
                  the fullest inboxes (mine, candidate, done), the administrator's lists, the dashboard, instance pages, and
                  completing the busiest signer's tasks with both dashboards looked at after each; then, --aged-looks
                  times, both dashboards a minute after the last look (past the server's MaxAge); then the server's memory.

                usage: dotnet run -c Release --project bench/Workflows.Http.Benchmarks -- requests [--provider sqlite|postgres] [--matters 300] [--samples 300]
                  What one request of each kind the load's users send costs: one reviewer at a time on a quiet server
                  with --matters requests offered, --samples of each kind (list the offered inbox, open a task, claim,
                  a claim lost to someone else, complete), the server's CPU per request and, on PostgreSQL, its
                  processes' CPU too, read from /proc; a completion's count includes the background work it leaves.

                usage: dotnet run -c Release --project bench/Workflows.Http.Benchmarks -- load [options]
                  --provider sqlite|postgres|both   database (postgres needs WORKFLOWS_TEST_POSTGRES, an admin connection string); default sqlite
                  --users 10,50,200                 concurrent virtual users, one run each on fresh databases
                  --matters N                       vehicle-scrapping requests worked through per round and side; default 600
                  --warm-up N                       requests worked through first on both sides, unmeasured; default 200
                  --rounds N                        measured rounds, alternating which side goes first; default 3
                  --think-ms N                      each user's pause before opening, claiming and completing (0.5–1.5 × N,
                                                    at random); default 0, the stress figure. With a think time the users
                                                    also start spread over one think time, and the rate is their pace, so
                                                    the ratio says nothing; the latencies are the figure.
                Each run: the server in its own process and the same server hosted in this process, each on its own fresh
                database, the organisation set up over HTTP on both. Per round and side, N requests are filed over HTTP and
                both processes left to finish the background work (e-mail, documents) that leaves; then over HTTP the users
                work through the offered inbox (list, open, claim, complete; --think-ms apart), or in-process as many workers
                (at most as many as the server admits at once) claim and complete through the engine. The rates are the
                medians of the rounds; the ratio is HTTP's over in-process's, with each round's own ratio beside it.
                """);
            return 2;
        }
        var providers = Option(args, "--provider", "sqlite") is "both" ? ["sqlite", "postgres"] : new[] { Option(args, "--provider", "sqlite") };
        var userCounts = Option(args, "--users", "10,50,200").Split(',').Select(u => int.Parse(u, CultureInfo.InvariantCulture)).ToArray();
        var matters = int.Parse(Option(args, "--matters", "600"), CultureInfo.InvariantCulture);
        var warmUp = int.Parse(Option(args, "--warm-up", "200"), CultureInfo.InvariantCulture);
        var rounds = int.Parse(Option(args, "--rounds", "3"), CultureInfo.InvariantCulture);
        var think = TimeSpan.FromMilliseconds(int.Parse(Option(args, "--think-ms", "0"), CultureInfo.InvariantCulture));

        Console.WriteLine($"# load: {rounds} rounds of {matters} requests each way after {warmUp} unmeasured, think time {think.TotalMilliseconds:F0} ms, users {string.Join('/', userCounts)}; {Environment.ProcessorCount} cores; load average {LoadAverage()}");
        Console.WriteLine(LoadComparison.Header);
        foreach (var provider in providers)
        {
            foreach (var users in userCounts)
            {
                if (await LoadComparison.RunAsync(provider, users, matters, warmUp, rounds, think) != 0)
                {
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
