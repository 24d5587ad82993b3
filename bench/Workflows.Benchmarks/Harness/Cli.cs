using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using Workflows.Benchmarks.Benchmarks;
using Workflows.Benchmarks.Peer;

namespace Workflows.Benchmarks.Harness;

/// <summary>The command line: which mode to run and its options.</summary>
public static class Cli
{
    public const string Help = """
        Workflows.Benchmarks: our engine against Workflow Core 3.22, both in memory, on two flows:
          Sequence  Start -> 10 x SetVariable -> End (Workflow Core: 10 StepBody steps, synchronous runner)
          Approval  Start -> UserTask a -> b -> c -> End, each resumed in turn (Workflow Core: WaitFor evt-a/b/c + PublishEvent)

        Usage: dotnet run -c Release --project bench/Workflows.Benchmarks -- [mode] [options]

        Modes:
          all            (default) verify, then bdn, then interleaved: the run docs/benchmarks.md reports
          verify         runs each flow once on each engine and checks what the comparison relies on
                         (variables set, tasks/waits resumed one event each, instances completed)
          bdn [args]     BenchmarkDotNet: mean time, throughput, CPU time and allocations per instance,
                         one process per benchmark, Workflow Core's ratio to ours per flow.
                         Other arguments go to BenchmarkDotNet (default --filter *), e.g. bdn --filter *Sequence*
          interleaved    (or --interleaved) one worker process per engine and flow, warmed up, then measured
                         in alternation, one batch each per round; prints instances/s, CPU µs/instance,
                         KB/instance and the ratios taken within each round
                           --rounds K           measured rounds (default 15)
                           --batch N            instances per batch (default 100)
                           --warmup-min S       JIT warm-up per engine and flow: at least S seconds (default 5),
                           --warmup-max S       then until a second passes with no compilation, at most S (default 15)
          breakdown      what the parts of our engine's work cost (instance, activity, task, snapshot, load)
          trace          prints the order in which Workflow Core uses its store during one approval
          help           (or --help, -h) this text

        Every batch starts from an empty in-memory store; CPU time is the whole process's (all threads, GC included);
        allocations count all threads. Results of bdn are also written to BenchmarkDotNet.Artifacts/.
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        // Decimal points, not commas, whatever the machine's culture: the output is pasted into docs.
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        var mode = args.Length == 0 ? "all" : args[0].TrimStart('-');
        var rest = args.Skip(1).ToArray();
        switch (mode)
        {
            case "help" or "h" or "?":
                Console.WriteLine(Help);
                return 0;
            case "verify":
                await Verifier.RunAsync(Console.Out);
                return 0;
            case "bdn":
                RunBenchmarkDotNet(rest);
                return 0;
            case "interleaved":
                await RunInterleavedAsync(ParseInterleaved(rest));
                return 0;
            case EngineWorker.Mode:
                await EngineWorker.ServeAsync(Enum.Parse<Engine>(rest[0]), Enum.Parse<Flow>(rest[1]), Console.In, Console.Out);
                return 0;
            case "breakdown":
                await Ours.OurCostBreakdown.RunAsync(Console.Out);
                return 0;
            case "trace":
                await using (var traced = new PeerFlowRun(Flow.Approval, line => Console.WriteLine($"[thread {Environment.CurrentManagedThreadId}] {line}")))
                {
                    await traced.RunAsync(1);
                }
                return 0;
            case "all":
                await Verifier.RunAsync(Console.Out);
                RunBenchmarkDotNet([]);
                await RunInterleavedAsync(InterleavedOptions.Default);
                return 0;
            default:
                Console.Error.WriteLine($"unknown mode '{args[0]}'\n");
                Console.Error.WriteLine(Help);
                return 2;
        }
    }

    private static void RunBenchmarkDotNet(string[] args)
    {
        var artifacts = Path.GetFullPath("BenchmarkDotNet.Artifacts");
        var cpuFolder = CpuTimeLog.Prepare(Path.Combine(artifacts, "cpu-time"));
        // Without a filter BenchmarkDotNet asks interactively which benchmarks to run.
        var bdnArgs = args.Contains("--filter") ? args : [.. args, "--filter", "*"];
        BenchmarkSwitcher.FromTypes([typeof(SequenceBenchmarks), typeof(ApprovalBenchmarks)])
            .Run(bdnArgs, BenchConfig.Create(cpuFolder).WithArtifactsPath(artifacts));
    }

    private static async Task RunInterleavedAsync(InterleavedOptions options)
    {
        var result = await InterleavedRunner.RunAsync(options, Console.Out);
        Console.WriteLine();
        Console.WriteLine(InterleavedReport.Format(result));
    }

    private static InterleavedOptions ParseInterleaved(string[] args)
    {
        var options = InterleavedOptions.Default;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--rounds" => options with { Rounds = int.Parse(value, CultureInfo.InvariantCulture) },
                "--batch" => options with { Instances = int.Parse(value, CultureInfo.InvariantCulture) },
                "--warmup-min" => options with { MinimumWarmup = TimeSpan.FromSeconds(int.Parse(value, CultureInfo.InvariantCulture)) },
                "--warmup-max" => options with { MaximumWarmup = TimeSpan.FromSeconds(int.Parse(value, CultureInfo.InvariantCulture)) },
                _ => throw new ArgumentException($"unknown interleaved option '{args[i]}'"),
            };
            i++;
        }
        return options;
    }
}
