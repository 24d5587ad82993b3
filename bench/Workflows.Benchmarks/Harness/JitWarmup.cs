using System.Diagnostics;
using System.Runtime;

namespace Workflows.Benchmarks.Harness;

/// <summary>
/// Runs batches until the runtime has finished optimising the hot code. .NET starts every method in quick, unoptimised
/// code, then (dynamic PGO) in instrumented code, and only later in its final optimised form; each step waits for a
/// quiet period, so with millisecond-long batches it takes a few seconds. Measured early, both engines look 3–4×
/// slower than they run in a server that has been up for a while, so both get the same, generous warm-up.
/// </summary>
public static class JitWarmup
{
    /// <summary>Enough for both engines to reach steady state on this machine (ours needs about 3 s of batches).</summary>
    public static readonly TimeSpan DefaultDuration = TimeSpan.FromSeconds(6);

    /// <returns>Methods still being compiled in the last second, to show whether the code had settled.</returns>
    public static async Task<long> RunAsync(IFlowRun run, int instances, TimeSpan duration)
    {
        var clock = Stopwatch.StartNew();
        var lastSecond = JitInfo.GetCompiledMethodCount();
        var lastSecondStarted = TimeSpan.Zero;
        var compiledInLastSecond = 0L;
        while (clock.Elapsed < duration)
        {
            await run.ResetAsync();
            await run.RunAsync(instances);
            if (clock.Elapsed - lastSecondStarted >= TimeSpan.FromSeconds(1))
            {
                var now = JitInfo.GetCompiledMethodCount();
                compiledInLastSecond = now - lastSecond;
                lastSecond = now;
                lastSecondStarted = clock.Elapsed;
            }
        }
        await run.PauseAsync();
        return compiledInLastSecond;
    }
}
