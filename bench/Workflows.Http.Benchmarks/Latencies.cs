using System.Collections.Concurrent;

namespace Workflows.Http.Benchmarks;

/// <summary>Latencies of one kind of request, collected from many threads; percentiles by nearest rank.</summary>
public sealed class Latencies
{
    private readonly ConcurrentBag<double> _milliseconds = [];

    public int Count => _milliseconds.Count;

    public void Add(TimeSpan elapsed) => _milliseconds.Add(elapsed.TotalMilliseconds);

    public double Percentile(double p)
    {
        var sorted = _milliseconds.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public string Summary() => $"p50 {Percentile(50),7:F1}  p95 {Percentile(95),7:F1}  p99 {Percentile(99),7:F1} ms (n={Count})";
}
