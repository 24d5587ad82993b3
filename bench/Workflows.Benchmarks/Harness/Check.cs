namespace Workflows.Benchmarks.Harness;

/// <summary>A failed check means the benchmark would measure the wrong thing, so it stops the run.</summary>
public static class Check
{
    public static void That(bool condition, string problem)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"benchmark check failed: {problem}");
        }
    }
}
