namespace Workflows.Benchmarks.Harness;

public sealed record InterleavedOptions(int Rounds, int Instances, TimeSpan MinimumWarmup, TimeSpan MaximumWarmup)
{
    public static readonly InterleavedOptions Default = new(Rounds: 15, Instances: 100, JitWarmup.MinimumDuration, JitWarmup.MaximumDuration);
}

public sealed record InterleavedResult(
    InterleavedOptions Options,
    IReadOnlyDictionary<(Flow Flow, Engine Engine), List<BatchCost>> Costs,
    IReadOnlyDictionary<(Flow Flow, Engine Engine), string> IdleCpuMillisecondsPerSecond);

/// <summary>
/// The interleaved mode. BenchmarkDotNet measures one benchmark after another, so a burst of background load on a
/// shared machine can land on one engine only. Here each engine and flow lives in its own worker process, set up and
/// warmed up once; then each round measures one batch of each, alternating which engine goes first, and the ratios
/// are taken round by round. Only one worker runs at a time.
/// </summary>
public static class InterleavedRunner
{
    public static async Task<InterleavedResult> RunAsync(InterleavedOptions options, TextWriter log)
    {
        var workers = new Dictionary<(Flow, Engine), WorkerProcess>();
        try
        {
            var idle = new Dictionary<(Flow, Engine), string>();
            foreach (var flow in Enum.GetValues<Flow>())
            {
                foreach (var engine in Enum.GetValues<Engine>())
                {
                    var worker = workers[(flow, engine)] = WorkerProcess.Start(engine, flow);
                    var warmup = (await worker.SendAsync($"warmup {options.Instances} {options.MinimumWarmup.TotalSeconds:F0} {options.MaximumWarmup.TotalSeconds:F0}"))[3..];
                    idle[(flow, engine)] = (await worker.SendAsync("idle"))[3..];
                    log.WriteLine($"{engine} {flow}: {warmup}; idle CPU when ready {idle[(flow, engine)]} ms/s");
                }
            }

            var costs = workers.Keys.ToDictionary(key => key, _ => new List<BatchCost>());
            for (var round = 0; round < options.Rounds; round++)
            {
                foreach (var flow in Enum.GetValues<Flow>())
                {
                    var engines = round % 2 == 0 ? new[] { Engine.Ours, Engine.WorkflowCore } : [Engine.WorkflowCore, Engine.Ours];
                    foreach (var engine in engines)
                    {
                        var reply = await workers[(flow, engine)].SendAsync($"measure {options.Instances}");
                        costs[(flow, engine)].Add(EngineWorker.Parse(reply));
                    }
                }
                log.WriteLine($"round {round + 1}/{options.Rounds} done");
            }
            return new InterleavedResult(options, costs, idle);
        }
        finally
        {
            foreach (var worker in workers.Values)
            {
                await worker.DisposeAsync();
            }
        }
    }
}
