using System.Globalization;

namespace Workflows.Benchmarks.Harness;

/// <summary>
/// The child side of the interleaved mode: one process per engine and flow, driven over stdin/stdout one line at a
/// time. Separate processes matter: Workflow Core's approval compiles expressions for every instance (thousands of
/// dynamic methods a second, with finalizers to run), and sharing a runtime with that slowed our engine by a quarter
/// to two thirds, and Workflow Core's own sequence by half, in trials here. Each worker measures its own process's
/// CPU time and allocations.
/// </summary>
public static class EngineWorker
{
    public const string Mode = "worker";

    /// <summary>Commands: warmup N MIN_SECONDS MAX_SECONDS | measure N | idle | quit. Each gets exactly one reply line.</summary>
    public static async Task ServeAsync(Engine engine, Flow flow, TextReader input, TextWriter output)
    {
        await using var run = FlowRuns.Create(engine, flow);
        while (await input.ReadLineAsync() is { } line && line != "quit")
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var reply = words[0] switch
            {
                "warmup" => $"ok {await JitWarmup.RunAsync(run, Int(words[1]), TimeSpan.FromSeconds(Int(words[2])), TimeSpan.FromSeconds(Int(words[3])))}",
                "measure" => Format(await BatchMeter.MeasureAsync(run, Int(words[1]))),
                "idle" => $"ok {await IdleCpuAsync(run):F1}",
                _ => $"error unknown command '{line}'",
            };
            await output.WriteLineAsync(reply);
            await output.FlushAsync();
        }
    }

    /// <summary>Parses a reply to <c>measure</c>.</summary>
    public static BatchCost Parse(string reply)
    {
        var words = reply.Split(' ');
        if (words[0] != "cost" || words.Length != 6)
        {
            throw new InvalidOperationException($"worker replied '{reply}'");
        }
        return new BatchCost(Int(words[1]), TimeSpan.FromTicks(Long(words[2])), TimeSpan.FromTicks(Long(words[3])), Long(words[4]), Int(words[5]));
    }

    private static string Format(BatchCost cost) =>
        $"cost {cost.Instances} {cost.Wall.Ticks} {cost.Cpu.Ticks} {cost.AllocatedBytes} {cost.Gen0Collections}";

    /// <summary>
    /// CPU the process burns in one second while ready for a batch: the runtime's own housekeeping, plus for Workflow
    /// Core's approval the started host's workers and poller, which every one of its batches pays for too.
    /// </summary>
    private static async Task<double> IdleCpuAsync(IFlowRun run)
    {
        await run.ResetAsync();
        var cpu = BatchMeter.CpuTime;
        await Task.Delay(TimeSpan.FromSeconds(1));
        var used = (BatchMeter.CpuTime - cpu).TotalMilliseconds;
        await run.PauseAsync();
        return used;
    }

    private static int Int(string text) => int.Parse(text, CultureInfo.InvariantCulture);

    private static long Long(string text) => long.Parse(text, CultureInfo.InvariantCulture);
}
