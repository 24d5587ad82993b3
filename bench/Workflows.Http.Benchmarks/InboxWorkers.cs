using System.Diagnostics;
using System.Net;

namespace Workflows.Http.Benchmarks;

/// <summary>What the virtual users did: completions, each request kind's latency, and refusals.</summary>
public sealed class InboxWorkResult
{
    public Latencies List { get; } = new();
    public Latencies Open { get; } = new();
    public Latencies Claim { get; } = new();
    public Latencies Complete { get; } = new();
    public int Completed;
    public int Conflicts;
    public int Errors;
    public List<string> ErrorSamples { get; } = [];

    public void Fail(string what)
    {
        Interlocked.Increment(ref Errors);
        lock (ErrorSamples)
        {
            if (ErrorSamples.Count < 5)
            {
                ErrorSamples.Add(what);
            }
        }
    }
}

/// <summary>
/// N virtual users, each signed in on its own connections, working through the offered inbox as a reviewer does: list,
/// open one at random, claim it, complete it; a 409 (someone else took it first) sends them back to the list. With a
/// think time, each user pauses before opening, claiming and completing, as a clerk reads the list, the task and writes
/// the opinion (0.5–1.5 times the think time, at random), and each starts at a random moment within the first think time.
/// </summary>
public static class InboxWorkers
{
    /// <summary>Signs the first <paramref name="users"/> reviewers in, each on its own connections.</summary>
    public static async Task<WorkflowsApi[]> SignInAsync(Uri address, int users) =>
        await Task.WhenAll(Enumerable.Range(1, users)
            .Select(i => WorkflowsApi.SignInAsync(address, VehicleScrappingLoad.Reviewer(i), VehicleScrappingLoad.Password)));

    /// <summary>
    /// The signed-in users work until the offered inbox is empty, adding what they did to <paramref name="result"/>;
    /// returns this round's completions and wall time.
    /// </summary>
    public static async Task<(int Completed, TimeSpan Elapsed)> RunAsync(IReadOnlyList<WorkflowsApi> users, string outcome, InboxWorkResult result, TimeSpan think)
    {
        var before = result.Completed;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(users.Select(api => Task.Run(() => WorkAsync(api, outcome, result, think))));
        return (result.Completed - before, clock.Elapsed);
    }

    private static async Task WorkAsync(WorkflowsApi api, string outcome, InboxWorkResult result, TimeSpan think)
    {
        var random = new Random();
        Task Think() => think > TimeSpan.Zero ? Task.Delay(think * (0.5 + random.NextDouble())) : Task.CompletedTask;
        // Clerks who think do not all open their inbox in the same millisecond: they arrive spread over one think time.
        // At think time 0 (the stress figure) they all start at once, as they should.
        await Task.Delay(think * random.NextDouble());
        while (true)
        {
            var list = await api.TimedAsync(HttpMethod.Get, "/api/tasks?scope=candidate&pageSize=50");
            result.List.Add(list.Elapsed);
            if (list.Status != HttpStatusCode.OK)
            {
                result.Fail($"list: {(int)list.Status}");
                return;
            }
            var items = list.Body!["items"]!.AsArray();
            if (items.Count == 0)
            {
                return;
            }
            var id = items[random.Next(items.Count)]!["id"]!.GetValue<string>();
            await Think();
            var open = await api.TimedAsync(HttpMethod.Get, $"/api/tasks/{id}");
            result.Open.Add(open.Elapsed);
            if (open.Status != HttpStatusCode.OK)
            {
                Judge(result, "open", open.Status, open.Body);
                continue;
            }
            await Think();
            var claim = await api.TimedAsync(HttpMethod.Post, $"/api/tasks/{id}/claim");
            result.Claim.Add(claim.Elapsed);
            if (claim.Status != HttpStatusCode.OK)
            {
                Judge(result, "claim", claim.Status, claim.Body);
                continue;
            }
            await Think();
            var complete = await api.TimedAsync(HttpMethod.Post, $"/api/tasks/{id}/complete", new { outcome, data = new { opinion = "经审核，同意报废。" } });
            result.Complete.Add(complete.Elapsed);
            if (complete.Status == HttpStatusCode.OK)
            {
                Interlocked.Increment(ref result.Completed);
            }
            else
            {
                Judge(result, "complete", complete.Status, complete.Body);
            }
        }
    }

    /// <summary>409 is the expected answer when another reviewer got there first (and 404 once it left the offered list); anything else is an error.</summary>
    private static void Judge(InboxWorkResult result, string step, HttpStatusCode status, System.Text.Json.Nodes.JsonNode? body)
    {
        if (status is HttpStatusCode.Conflict or HttpStatusCode.NotFound)
        {
            Interlocked.Increment(ref result.Conflicts);
            return;
        }
        result.Fail($"{step}: {(int)status} {body?.ToJsonString()}");
    }
}
