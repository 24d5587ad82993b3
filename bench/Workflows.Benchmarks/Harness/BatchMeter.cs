using System.Diagnostics;

namespace Workflows.Benchmarks.Harness;

/// <summary>What one measured batch cost, in total; per-instance figures divide by <see cref="Instances"/>.</summary>
public readonly record struct BatchCost(int Instances, TimeSpan Wall, TimeSpan Cpu, long AllocatedBytes, int Gen0Collections)
{
    public double MicrosecondsPerInstance => Wall.TotalMicroseconds / Instances;
    public double InstancesPerSecond => Instances / Wall.TotalSeconds;
    public double CpuMicrosecondsPerInstance => Cpu.TotalMicroseconds / Instances;
    public double KilobytesPerInstance => AllocatedBytes / 1024.0 / Instances;
}

/// <summary>
/// Measures a batch with process-wide counters. Workflow Core does most of its work on its own threads, so the
/// thread-local counters would miss it: CPU time is the process's (all threads, GC included) and allocations are
/// <see cref="GC.GetTotalAllocatedBytes(bool)"/> with precise counting (all threads).
/// </summary>
public static class BatchMeter
{
    private static readonly Process Current = Process.GetCurrentProcess();

    /// <summary>Process CPU time (user + system, all threads); microsecond resolution on Linux.</summary>
    public static TimeSpan CpuTime => Current.TotalProcessorTime;

    /// <summary>
    /// Resets the run to fresh state (unmeasured), then measures one batch. No GC is forced in between: each engine
    /// has its own process, so the collections a batch triggers clear that engine's own garbage, as in a server that
    /// has been running for a while. (A forced full GC before each batch made Workflow Core's next batch 2–3× slower
    /// in trials here: the heap it allocates into has to be faulted in again.)
    /// </summary>
    public static async Task<BatchCost> MeasureAsync(IFlowRun run, int instances)
    {
        await run.ResetAsync();
        var gen0 = GC.CollectionCount(0);
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var cpu = CpuTime;
        var wall = Stopwatch.StartNew();
        await run.RunAsync(instances);
        wall.Stop();
        var cost = new BatchCost(instances, wall.Elapsed, CpuTime - cpu, GC.GetTotalAllocatedBytes(precise: true) - allocated, GC.CollectionCount(0) - gen0);
        // Unmeasured: Workflow Core's host keeps working on a finished batch for a while (index queue, lifecycle
        // events) and polls every 10 ms; stopping it keeps that off the next engine's bill.
        await run.PauseAsync();
        return cost;
    }
}
