using System.Diagnostics;
using System.Runtime;

namespace Workflows.Benchmarks.Harness;

/// <summary>
/// Runs batches until the runtime has finished optimising the hot code. .NET starts every method in quick, unoptimised
/// code, then (dynamic PGO) in instrumented code, and only later in its final optimised form; each step waits for a
/// quiet period, so with millisecond-long batches it takes several seconds. Measured early, both engines look 2–4×
/// slower than they run in a server that has been up for a while, so both get the same warm-up rule: at least
/// <see cref="MinimumDuration"/>, then until a whole second passes with (almost) no method compiled, at most
/// <see cref="MaximumDuration"/>. Workflow Core's approval never gets quiet (it compiles expressions for every
/// instance, see docs/benchmarks.md), so it always gets the maximum.
/// </summary>
public static class JitWarmup
{
    public static readonly TimeSpan MinimumDuration = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan MaximumDuration = TimeSpan.FromSeconds(15);

    /// <summary>Compilations in one second that still count as settled (the odd late tier-up).</summary>
    private const long QuietCompilations = 2;

    public static async Task<WarmupResult> RunAsync(IFlowRun run, int instances, TimeSpan minimum, TimeSpan maximum)
    {
        var clock = Stopwatch.StartNew();
        var windowStart = TimeSpan.Zero;
        var compiledAtWindowStart = JitInfo.GetCompiledMethodCount();
        var compiledInLastWindow = long.MaxValue;
        while (clock.Elapsed < maximum && (clock.Elapsed < minimum || compiledInLastWindow > QuietCompilations))
        {
            await run.ResetAsync();
            await run.RunAsync(instances);
            if (clock.Elapsed - windowStart >= TimeSpan.FromSeconds(1))
            {
                var compiled = JitInfo.GetCompiledMethodCount();
                compiledInLastWindow = compiled - compiledAtWindowStart;
                (compiledAtWindowStart, windowStart) = (compiled, clock.Elapsed);
            }
        }
        await run.PauseAsync();
        return new WarmupResult(clock.Elapsed, compiledInLastWindow);
    }
}

/// <param name="CompiledInLastSecond">Methods still being compiled at the end, to show whether the code had settled.</param>
public readonly record struct WarmupResult(TimeSpan Duration, long CompiledInLastSecond)
{
    public override string ToString() => $"warmed up for {Duration.TotalSeconds:F1} s, {CompiledInLastSecond} methods compiled in its last second";
}
