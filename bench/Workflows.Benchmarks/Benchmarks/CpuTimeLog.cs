using System.Globalization;
using Workflows.Benchmarks.Harness;

namespace Workflows.Benchmarks.Benchmarks;

/// <summary>
/// BenchmarkDotNet measures wall time and allocations but not CPU time, and runs each benchmark in a child process.
/// The child appends one line per measured batch (CPU microseconds, instances) to a file in a folder the parent names
/// through an environment variable; <see cref="CpuTimeColumn"/> reads them back for the summary.
/// </summary>
public static class CpuTimeLog
{
    public const string FolderVariable = "WORKFLOWS_BENCH_CPU_DIR";

    public static string? Folder => Environment.GetEnvironmentVariable(FolderVariable);

    // Keyed by flow and engine: in the child the benchmark object is BenchmarkDotNet's generated subclass.
    public static void Append(Flow flow, Engine engine, TimeSpan cpu, int instances)
    {
        if (Folder is not { } folder)
        {
            return;
        }
        File.AppendAllText(PathOf(folder, flow.ToString(), engine.ToString()),
            string.Create(CultureInfo.InvariantCulture, $"{cpu.TotalMicroseconds} {instances}\n"));
    }

    /// <summary>CPU microseconds per instance of every batch recorded for one flow on one engine.</summary>
    public static IReadOnlyList<double> Read(string folder, string flow, string engine)
    {
        var path = PathOf(folder, flow, engine);
        if (!File.Exists(path))
        {
            return [];
        }
        return [.. File.ReadAllLines(path)
            .Select(line => line.Split(' '))
            .Where(parts => parts.Length == 2)
            .Select(parts => double.Parse(parts[0], CultureInfo.InvariantCulture) / double.Parse(parts[1], CultureInfo.InvariantCulture))];
    }

    /// <summary>A fresh, empty folder for this run, published to child processes through the environment.</summary>
    public static string Prepare(string folder)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
        Directory.CreateDirectory(folder);
        Environment.SetEnvironmentVariable(FolderVariable, folder);
        return folder;
    }

    private static string PathOf(string folder, string flow, string engine) => Path.Combine(folder, $"{flow}.{engine}.txt");
}
