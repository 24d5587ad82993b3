using System.Text;

namespace Workflows.Benchmarks.Harness;

/// <summary>Prints the interleaved results as Markdown: medians per engine, then ratios taken within each round.</summary>
public static class InterleavedReport
{
    /// <summary>The issue's targets: at least this many times Workflow Core's throughput, and fewer allocations.</summary>
    public const double ThroughputTarget = 3.0;

    public static string Format(InterleavedResult result)
    {
        var (options, costs) = (result.Options, result.Costs);
        var text = new StringBuilder();
        Line(text, $"Interleaved: {options.Rounds} rounds of {options.Instances} instances per engine and flow, one worker process each, " +
            $"after {options.MinimumWarmup.TotalSeconds:F0}–{options.MaximumWarmup.TotalSeconds:F0} s of JIT warm-up each; medians over rounds.");
        Line(text, "");
        Line(text, "| Flow | Engine | µs/instance (min–max) | instances/s | CPU µs/instance | KB allocated/instance | gen0 GCs/batch (mean) | idle CPU, ms/s |");
        Line(text, "|---|---|---|---|---|---|---|---|");
        foreach (var ((flow, engine), batches) in costs.OrderBy(c => c.Key.Item1).ThenBy(c => c.Key.Item2))
        {
            var micros = batches.Select(b => b.MicrosecondsPerInstance).ToList();
            Line(text, $"| {flow} | {engine} | {Median(micros):F1} ({micros.Min():F1}–{micros.Max():F1}) | {Median(batches.Select(b => b.InstancesPerSecond)):N0} " +
                $"| {Median(batches.Select(b => b.CpuMicrosecondsPerInstance)):F1} | {Median(batches.Select(b => b.KilobytesPerInstance)):F1} | {batches.Average(b => b.Gen0Collections):F1} | {result.IdleCpuMillisecondsPerSecond[(flow, engine)]} |");
        }
        Line(text, "");
        Line(text, "| Flow | throughput, ours ÷ Workflow Core (min–max) | CPU per instance, Workflow Core ÷ ours | allocations, Workflow Core ÷ ours | ≥3× throughput | fewer allocations |");
        Line(text, "|---|---|---|---|---|---|");
        foreach (var flow in Enum.GetValues<Flow>())
        {
            var ours = costs[(flow, Engine.Ours)];
            var peer = costs[(flow, Engine.WorkflowCore)];
            var speed = Ratios(peer, ours, b => b.MicrosecondsPerInstance);
            var cpu = Ratios(peer, ours, b => b.CpuMicrosecondsPerInstance);
            var memory = Ratios(peer, ours, b => b.KilobytesPerInstance);
            Line(text, $"| {flow} | {Median(speed):F1}× ({speed.Min():F1}–{speed.Max():F1}) | {Median(cpu):F1}× | {Median(memory):F1}× " +
                $"| {(Median(speed) >= ThroughputTarget ? "met" : "missed")} | {(Median(memory) > 1 ? "met" : "missed")} |");
        }
        return text.ToString();
    }

    /// <summary>Workflow Core's cost over ours, round by round, so both sides of each ratio saw the same machine load.</summary>
    private static List<double> Ratios(List<BatchCost> peer, List<BatchCost> ours, Func<BatchCost, double> cost) =>
        [.. peer.Zip(ours, (p, o) => cost(p) / cost(o))];

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static void Line(StringBuilder text, string line) => text.Append(line).Append('\n');
}
