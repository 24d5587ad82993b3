using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using Perfolizer.Horology;
using Perfolizer.Mathematics.OutlierDetection;

namespace Workflows.Benchmarks.Benchmarks;

/// <summary>
/// A short job sized for a noisy two-core machine: one process per benchmark, one batch per iteration (the state is
/// reset before every batch), 5 warm-up and 25 measured iterations after the global setup's own JIT warm-up.
/// </summary>
public static class BenchConfig
{
    public static IConfig Create(string cpuTimeFolder)
    {
        var job = Job.Default
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(5)
            .WithIterationCount(25)
            .WithInvocationCount(1)
            .WithUnrollFactor(1)
            // No full GC forced between iterations: it would land in the CPU-time window, and it slows the next batch
            // (the heap must be faulted in again); each benchmark has its own process, so garbage is never shared.
            .WithGcForce(false)
            // Bursts from other work on this shared machine only ever make an iteration slower: drop those.
            .WithOutlierMode(OutlierMode.RemoveUpper)
            .WithEnvironmentVariables(new EnvironmentVariable(CpuTimeLog.FolderVariable, cpuTimeFolder))
            .WithId("Batch100");

        return ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddLogger(ConsoleLogger.Default)
            .AddExporter(MarkdownExporter.GitHub)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddColumn(StatisticColumn.Median, StatisticColumn.OperationsPerSecond, new CpuTimeColumn())
            .WithSummaryStyle(SummaryStyle.Default.WithTimeUnit(TimeUnit.Microsecond))
            // One table for both flows; each flow keeps its own baseline (ours) for the ratios.
            .WithOptions(ConfigOptions.JoinSummary)
            .AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory);
    }
}
