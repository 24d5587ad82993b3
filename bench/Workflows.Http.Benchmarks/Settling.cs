using System.Diagnostics;

namespace Workflows.Http.Benchmarks;

/// <summary>
/// Waits out the background work that starting the requests left behind (their e-mail notices, documents, Hangfire's
/// jobs), so it is not counted against whichever side happens to be measured while it runs.
/// </summary>
public static class Settling
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Longest = TimeSpan.FromSeconds(120);

    /// <summary>Returns once a whole second passes with the process using at most 5 % of one core.</summary>
    public static async Task WaitAsync(Func<TimeSpan> cpuTime)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Longest)
        {
            var before = cpuTime();
            await Task.Delay(Window);
            if (cpuTime() - before <= Window * 0.05)
            {
                return;
            }
        }
        Console.Error.WriteLine($"  the process was still busy after {Longest.TotalSeconds:F0} s; measuring anyway");
    }

    /// <summary>This process's CPU time: the in-process host runs here.</summary>
    public static TimeSpan OwnCpuTime()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }
}
