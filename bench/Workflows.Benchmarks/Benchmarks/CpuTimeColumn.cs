using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Workflows.Benchmarks.Benchmarks;

/// <summary>Median process CPU time per instance over a benchmark's measured batches, all threads and the GC included.</summary>
public sealed class CpuTimeColumn : IColumn
{
    public string Id => nameof(CpuTimeColumn);
    public string ColumnName => "CPU/inst";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Median process CPU time per instance (µs), all threads including the engine's background threads and the GC";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        if (CpuTimeLog.Folder is not { } folder)
        {
            return "-";
        }
        // SequenceBenchmarks.Ours → flow Sequence, engine Ours: the benchmark methods are named after the engines.
        var flow = benchmarkCase.Descriptor.Type.Name.Replace("Benchmarks", "", StringComparison.Ordinal);
        var samples = CpuTimeLog.Read(folder, flow, benchmarkCase.Descriptor.WorkloadMethod.Name);
        return samples.Count == 0 ? "-" : string.Create(CultureInfo.InvariantCulture, $"{Median(samples):F2} μs");
    }

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;

    private static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
