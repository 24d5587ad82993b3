using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Workflows.Http.Benchmarks;

/// <summary>
/// What a clerk feels on a seeded database: each page's API calls, one after another as one person clicks, timed
/// through the real server process. The inboxes are the fullest ones; the instance pages are matters with documents.
/// </summary>
public static class PageLatencies
{
    /// <summary>Past the server's default <c>Workflows:Dashboard:MaxAge</c>, which the bench's server keeps.</summary>
    private static readonly TimeSpan AMinuteOn = TimeSpan.FromSeconds(61);

    /// <param name="agedLooks">
    /// How many times to wait out the dashboard's <c>MaxAge</c> (the server's default, a minute) and look again, as a
    /// clerk who keeps the dashboard open does: each such look finds what was read a minute old.
    /// </param>
    public static async Task<int> RunAsync(string provider, string connectionString, string password, int samples, int agedLooks)
    {
        var people = await SeededPeople.FindAsync(provider, connectionString);
        Console.WriteLine($"# pages: {provider}; {samples} samples each; signer {people.Signer}, candidate {people.Candidate}, closer {people.Closer}; load average {File.ReadAllText("/proc/loadavg").Trim()}");
        await using var server = await ServerProcess.StartAsync(provider == "PostgreSql" ? "PostgreSql" : "Sqlite", connectionString);
        await SeededPeople.WaitForDocumentsAsync(provider, connectionString, TimeSpan.FromMinutes(15));
        using var admin = await WorkflowsApi.SignInAsync(server.Address, ServerProcess.AdminUserName, ServerProcess.AdminPassword);
        using var signer = await WorkflowsApi.SignInAsync(server.Address, people.Signer, password);
        using var candidate = await WorkflowsApi.SignInAsync(server.Address, people.Candidate, password);
        using var closer = await WorkflowsApi.SignInAsync(server.Address, people.Closer, password);

        // A search as a clerk looks for one matter: the first characters of the title of a matter in their inbox.
        var first = (await signer.GetAsync("/api/tasks?scope=mine&pageSize=1"))!["items"]![0]!["instanceId"]!.ToString();
        var title = (await signer.GetAsync($"/api/workflow-instances/{first}"))!["title"]?.ToString().Trim('《', '》', ' ') ?? "";
        var term = Uri.EscapeDataString(title[..Math.Min(6, title.Length)]);
        Console.WriteLine($"# search term: {Uri.UnescapeDataString(term)}");
        var pages = new (string Name, WorkflowsApi Api, Func<int, string[]> Paths)[]
        {
            ("inbox mine", signer, _ => ["/api/tasks?scope=mine"]),
            ("inbox mine, search", signer, _ => [$"/api/tasks?scope=mine&q={term}"]),
            ("inbox candidate", candidate, _ => ["/api/tasks?scope=candidate"]),
            ("inbox done", closer, _ => ["/api/tasks?scope=done"]),
            ("inbox done, page 5", closer, _ => ["/api/tasks?scope=done&page=5"]),
            ("inbox done, search", closer, _ => [$"/api/tasks?scope=done&q={term}"]),
            ("admin all open tasks", admin, _ => ["/api/tasks?scope=all"]),
            ("admin instances, procedure + status", admin, _ => [$"/api/workflow-instances?definitionId={people.DefinitionId}&status=Completed"]),
            ("dashboard (signer)", signer, _ => ["/api/dashboard"]),
            ("dashboard (admin)", admin, _ => ["/api/dashboard"]),
            ("instance page (instance + journal + documents)", admin, i =>
            {
                var id = people.Instances[i % people.Instances.Count];
                return [$"/api/workflow-instances/{id}", $"/api/workflow-instances/{id}/journal", $"/api/workflow-instances/{id}/documents"];
            }),
        };
        Console.WriteLine("page | p50 ms | p95 ms | p99 ms | rows (total)");
        foreach (var (name, api, paths) in pages)
        {
            var latencies = new Latencies();
            string total = "";
            for (var i = 0; i < samples + 5; i++)
            {
                var clock = Stopwatch.StartNew();
                foreach (var path in paths(i))
                {
                    var (status, _, body) = await api.TimedAsync(HttpMethod.Get, path);
                    if (status != HttpStatusCode.OK)
                    {
                        Console.Error.WriteLine($"{name}: GET {path} answered {(int)status}");
                        return 1;
                    }
                    total = body is System.Text.Json.Nodes.JsonObject page && page["total"] is { } count ? count.ToString() : total;
                }
                // The first few warm the server's caches and JIT, as the first clerk of the morning does.
                if (i >= 5)
                {
                    latencies.Add(clock.Elapsed);
                }
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name} | {latencies.Percentile(50):F1} | {latencies.Percentile(95):F1} | {latencies.Percentile(99):F1} | {total}"));
        }
        // Each completion changes the work both dashboards count, so each look after it reads what changed. The looks
        // after the first completion warm that path and are not counted.
        var (signerAfter, adminAfter, warm) = (new Latencies(), new Latencies(), false);
        async Task LookAsync(WorkflowsApi api, Latencies latencies)
        {
            var (status, elapsed, _) = await api.TimedAsync(HttpMethod.Get, "/api/dashboard");
            if (status != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"GET /api/dashboard answered {(int)status}");
            }
            if (warm)
            {
                latencies.Add(elapsed);
            }
        }
        var completions = await CompletionLatencies.RunAsync(signer, samples, async () =>
        {
            await LookAsync(signer, signerAfter);
            await LookAsync(admin, adminAfter);
            warm = true;
        });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"complete a task (signer) | {completions.Percentile(50):F1} | {completions.Percentile(95):F1} | {completions.Percentile(99):F1} | {completions.Count} completed"));
        var (signerAged, adminAged) = (new Latencies(), new Latencies());
        for (var i = 0; i < agedLooks; i++)
        {
            await Task.Delay(AMinuteOn);
            await LookAsync(signer, signerAged);
            await LookAsync(admin, adminAged);
        }
        foreach (var (name, latencies) in new[]
        {
            ("dashboard (signer) after a completion", signerAfter), ("dashboard (admin) after a completion", adminAfter),
            ("dashboard (signer) a minute after the last look", signerAged), ("dashboard (admin) a minute after the last look", adminAged),
        })
        {
            if (latencies.Count > 0)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name} | {latencies.Percentile(50):F1} | {latencies.Percentile(95):F1} | {latencies.Percentile(99):F1} | {latencies.Count} looks"));
            }
        }
        var (anonymous, shared, files) = server.ResidentMemorySplitMiB();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"server RSS after: {server.ResidentMemoryMiB():F0} MiB ({anonymous:F0} MiB anonymous, {shared:F0} MiB shared code, {files:F0} MiB mapped files)"));
        return 0;
    }
}
