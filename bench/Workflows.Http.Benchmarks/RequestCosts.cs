using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Workflows.Http.Benchmarks;

/// <summary>
/// What one request of each kind the load's users send costs the server, and on PostgreSQL the database's processes:
/// one reviewer at a time on a quiet server, so the CPU each kind takes is read from <c>/proc</c> without the others'.
/// The load's figures say how much a completion costs in all; these say where it goes.
/// </summary>
public static class RequestCosts
{
    public const string Header = "provider | request | n | server CPU ms/request | database CPU ms/request | p50 / p95 ms";

    public static async Task<int> RunAsync(string provider, int matters, int samples)
    {
        await using var database = await ScratchDatabase.CreateAsync(provider);
        await using var server = await ServerProcess.StartAsync(database.Provider, database.ConnectionString);
        using (var admin = await WorkflowsApi.SignInAsync(server.Address, ServerProcess.AdminUserName, ServerProcess.AdminPassword))
        {
            await VehicleScrappingLoad.CreateOrganisationAsync(admin, 2);
        }
        using var applicant = await WorkflowsApi.SignInAsync(server.Address, VehicleScrappingLoad.Applicant, VehicleScrappingLoad.Password);
        using var first = await WorkflowsApi.SignInAsync(server.Address, VehicleScrappingLoad.Reviewer(1), VehicleScrappingLoad.Password);
        using var second = await WorkflowsApi.SignInAsync(server.Address, VehicleScrappingLoad.Reviewer(2), VehicleScrappingLoad.Password);
        // Enough requests that each pass's claims work on tasks of their own, and what is left stays offered for the
        // lists and opens.
        await VehicleScrappingLoad.StartMattersAsync(applicant, matters + 2 * samples, 8);
        var databaseServer = provider == "postgres" ? DatabaseProcesses.PostgreSql : DatabaseProcesses.None;
        var offered = await OfferedAsync(first);
        var opened = offered.Skip(2 * samples).ToList();

        Console.WriteLine($"# requests: {provider}; {samples} of each, one at a time, after as many unmeasured; {offered.Count} offered; load average {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine(Header);
        // The first pass is not measured: the runtime compiles the hot code again, optimised, once it has run a while
        // and the server is quiet, which is during the first pass's requests, not during a warm-up mixed with the starts.
        foreach (var measured in new[] { false, true })
        {
            if (measured)
            {
                // The runtime compiles code that has run 30 times again, optimised, in the background: let it finish.
                await Task.Delay(TimeSpan.FromSeconds(10));
            }
            var claims = offered.Skip(measured ? samples : 0).Take(samples).ToList();
            var kinds = new (string Name, Func<int, Task> Send)[]
            {
                ("list offered (50 rows)", _ => Send(first, HttpMethod.Get, "/api/tasks?scope=candidate&pageSize=50")),
                ("open a task", i => Send(first, HttpMethod.Get, $"/api/tasks/{opened[i % opened.Count]}")),
                ("claim", i => Send(first, HttpMethod.Post, $"/api/tasks/{claims[i]}/claim")),
                ("claim lost (409)", i => Send(second, HttpMethod.Post, $"/api/tasks/{claims[i]}/claim", expected: HttpStatusCode.Conflict)),
                ("complete, with what it leaves behind", i => Send(first, HttpMethod.Post, $"/api/tasks/{claims[i]}/complete",
                    new { outcome = "agree", data = new { opinion = "经审核，同意报废。" } })),
            };
            foreach (var (name, send) in kinds)
            {
                await Settling.WaitAsync(server.CpuTime);
                var (serverBefore, databaseBefore) = (server.CpuTime(), databaseServer.CpuTime());
                var latencies = new Latencies();
                var span = Stopwatch.GetTimestamp();
                for (var i = 0; i < samples; i++)
                {
                    var clock = Stopwatch.StartNew();
                    await send(i);
                    latencies.Add(clock.Elapsed);
                }
                var ended = Stopwatch.GetTimestamp();
                // What a completion leaves to the background (its e-mail notices, the next step's documents) is its cost too.
                await Settling.WaitAsync(server.CpuTime);
                var (serverCpu, databaseCpu) = (server.CpuTime() - serverBefore, databaseServer.CpuTime() - databaseBefore);
                if (measured)
                {
                    // The span on the monotonic clock (Stopwatch's on Linux, perf's with -k mono): a profile's samples of this kind.
                    Console.Error.WriteLine($"# {name}: monotonic {span} to {ended} (Stopwatch ticks of {Stopwatch.Frequency}/s)");
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{provider} | {name} | {samples} | {serverCpu.TotalMilliseconds / samples:F2} | {(databaseServer == DatabaseProcesses.None ? "in the server" : (databaseCpu.TotalMilliseconds / samples).ToString("F2", CultureInfo.InvariantCulture))} | {latencies.Percentile(50):F1} / {latencies.Percentile(95):F1}"));
                }
            }
        }
        return 0;
    }

    private static async Task<List<string>> OfferedAsync(WorkflowsApi reviewer)
    {
        var ids = new List<string>();
        for (var page = 1; ; page++)
        {
            var body = await reviewer.GetAsync($"/api/tasks?scope=candidate&pageSize=200&page={page}");
            var items = body!["items"]!.AsArray();
            ids.AddRange(items.Select(item => item!["id"]!.GetValue<string>()));
            if (items.Count < 200)
            {
                return ids;
            }
        }
    }

    private static async Task Send(WorkflowsApi api, HttpMethod method, string path, object? body = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var (status, _, answer) = await api.TimedAsync(method, path, body);
        if (status != expected)
        {
            throw new InvalidOperationException($"{method} {path} answered {(int)status}, expected {(int)expected}: {answer?.ToJsonString()}");
        }
    }

    /// <summary>The CPU of the database server's processes on this machine (PostgreSQL's backends and workers), from <c>/proc</c>.</summary>
    private sealed class DatabaseProcesses(string? name)
    {
        public static readonly DatabaseProcesses None = new(null);
        public static readonly DatabaseProcesses PostgreSql = new("postgres");

        /// <summary>Clock ticks per second of <c>/proc/[pid]/stat</c>'s times (USER_HZ, 100 on Linux).</summary>
        private const double TicksPerSecond = 100;

        public TimeSpan CpuTime()
        {
            if (name is null)
            {
                return TimeSpan.Zero;
            }
            var ticks = 0L;
            foreach (var folder in Directory.EnumerateDirectories("/proc").Where(f => Path.GetFileName(f).All(char.IsAsciiDigit)))
            {
                try
                {
                    var stat = File.ReadAllText(Path.Combine(folder, "stat"));
                    var (open, close) = (stat.IndexOf('('), stat.LastIndexOf(')'));
                    if (open < 0 || close < open || stat[(open + 1)..close] != name)
                    {
                        continue;
                    }
                    // After the name: state is field 3, utime and stime fields 14 and 15.
                    var fields = stat[(close + 2)..].Split(' ');
                    ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Not a process, or one that exited between the listing and the reading: a backend whose connection closed.
                }
            }
            return TimeSpan.FromSeconds(ticks / TicksPerSecond);
        }
    }
}
