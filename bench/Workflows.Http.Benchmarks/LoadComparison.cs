using System.Globalization;

namespace Workflows.Http.Benchmarks;

/// <summary>
/// One database kind and number of users: the server process and the in-process engine, each on its own scratch
/// database, both up for the whole run and measured in alternating rounds, so the machine's changing load falls on
/// both sides alike. Before each measured round both have finished the work the previous rounds left behind.
/// </summary>
public static class LoadComparison
{
    public const string Header =
        "provider | users | HTTP completions/s | in-process/s | ratio | ratio per round | complete p50/p95/p99 ms | list p95 | open p95 | claim p95 | races (409/404) | errors | server CPU ms/completion | users' CPU ms/completion | server RSS MiB";

    /// <returns>0 when every request was completed on both sides with no error, else 1.</returns>
    public static async Task<int> RunAsync(string provider, int users, int matters, int warmUp, int rounds, TimeSpan think)
    {
        await using var serverDatabase = await ScratchDatabase.CreateAsync(provider);
        await using var server = await ServerProcess.StartAsync(serverDatabase.Provider, serverDatabase.ConnectionString);
        await using var engineDatabase = await ScratchDatabase.CreateAsync(provider);
        await using var engine = await InProcessEngine.StartAsync(engineDatabase.Provider, engineDatabase.ConnectionString, users);
        using (var admin = await WorkflowsApi.SignInAsync(server.Address, ServerProcess.AdminUserName, ServerProcess.AdminPassword))
        {
            await VehicleScrappingLoad.CreateOrganisationAsync(admin, users);
        }
        using var applicant = await WorkflowsApi.SignInAsync(server.Address, VehicleScrappingLoad.Applicant, VehicleScrappingLoad.Password);
        var reviewers = await InboxWorkers.SignInAsync(server.Address, users);
        try
        {
            // The warm-up round is worked through unmeasured on both sides, so the figures are a running server's, not
            // its first minute's just-in-time compilation.
            var warm = new InboxWorkResult();
            await VehicleScrappingLoad.StartMattersAsync(applicant, warmUp, 8);
            var (warmHttp, _) = await InboxWorkers.RunAsync(reviewers, "agree", warm, TimeSpan.Zero);
            await engine.StartMattersAsync(warmUp);
            var (warmEngine, _) = await engine.CompleteOfferedAsync();
            if (warm.Errors > 0 || warmHttp != warmUp || warmEngine != warmUp)
            {
                Console.Error.WriteLine($"the warm-up round completed {warmHttp} (HTTP) and {warmEngine} (in-process) of {warmUp}, {warm.Errors} errors: {string.Join("; ", warm.ErrorSamples)}");
                return 1;
            }

            var http = new InboxWorkResult();
            var (serverCpu, clientCpu) = (TimeSpan.Zero, TimeSpan.Zero);
            var httpRates = new List<double>();
            var engineRates = new List<double>();
            var engineCompleted = 0;
            for (var round = 1; round <= rounds; round++)
            {
                foreach (var overHttp in round % 2 == 1 ? new[] { true, false } : [false, true])
                {
                    if (overHttp)
                    {
                        await VehicleScrappingLoad.StartMattersAsync(applicant, matters, 8);
                        await SettleAsync(server);
                        var (cpuBefore, clientCpuBefore) = (server.CpuTime(), Settling.OwnCpuTime());
                        var (completed, elapsed) = await InboxWorkers.RunAsync(reviewers, "agree", http, think);
                        serverCpu += server.CpuTime() - cpuBefore;
                        clientCpu += Settling.OwnCpuTime() - clientCpuBefore;
                        httpRates.Add(completed / elapsed.TotalSeconds);
                    }
                    else
                    {
                        await engine.StartMattersAsync(matters);
                        await SettleAsync(server);
                        var (completed, elapsed) = await engine.CompleteOfferedAsync();
                        engineCompleted += completed;
                        engineRates.Add(completed / elapsed.TotalSeconds);
                    }
                }
            }

            var (httpRate, engineRate) = (Median(httpRates), Median(engineRates));
            var perRound = string.Join(" ", httpRates.Zip(engineRates, (h, e) => (h / e).ToString("F2", CultureInfo.InvariantCulture)));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{provider} | {users} | {httpRate:F1} ({http.Completed}/{matters * rounds}) | {engineRate:F1} | {httpRate / engineRate:F2} | {perRound} | {http.Complete.Percentile(50):F0}/{http.Complete.Percentile(95):F0}/{http.Complete.Percentile(99):F0} | {http.List.Percentile(95):F0} | {http.Open.Percentile(95):F0} | {http.Claim.Percentile(95):F0} | {http.Conflicts} | {http.Errors} | {serverCpu.TotalMilliseconds / Math.Max(1, http.Completed):F1} | {clientCpu.TotalMilliseconds / Math.Max(1, http.Completed):F1} | {server.ResidentMemoryMiB():F0}"));
            foreach (var sample in http.ErrorSamples)
            {
                Console.WriteLine($"  error: {sample}");
            }
            if (http.Errors > 0)
            {
                var file = Path.Combine(Path.GetTempPath(), $"workflows-http-bench-{provider}-{users}.log");
                await File.WriteAllLinesAsync(file, server.RecentLog());
                Console.Error.WriteLine($"  {http.Errors} errors; the server's last log lines are in {file}");
            }
            if (http.Completed != matters * rounds || engineCompleted != matters * rounds)
            {
                Console.Error.WriteLine($"expected {matters * rounds} completions each way, got HTTP {http.Completed} and in-process {engineCompleted}");
                return 1;
            }
            return 0;
        }
        finally
        {
            foreach (var reviewer in reviewers)
            {
                reviewer.Dispose();
            }
        }
    }

    /// <summary>Both processes quiet: the server's and this one's (the in-process host and the virtual users).</summary>
    private static async Task SettleAsync(ServerProcess server)
    {
        await Settling.WaitAsync(server.CpuTime);
        await Settling.WaitAsync(Settling.OwnCpuTime);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
