using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Text;
using Workflows.Persistence.Benchmarks.Baseline;
using Workflows.Persistence.Database;
using Workflows.Persistence.Database.PostgreSql;

namespace Workflows.Persistence.Benchmarks;

/// <summary>One measurement: N instances, start to completion, on a copy of the starting database.</summary>
public sealed record Sample(int Instances, TimeSpan Elapsed, TimeSpan ProcessorTime, long AllocatedBytes, int Gen0, int Gen2, TimeSpan JitTime, TimeSpan GcPause)
{
    /// <summary>This process's CPU time (all threads) per transaction: the client-side cost, less sensitive to a busy machine than wall time.</summary>
    public double CpuMicrosecondsPerBurst => ProcessorTime.TotalMicroseconds / (Instances * 4.0);
    public double InstancesPerSecond => Instances / Elapsed.TotalSeconds;
    public double MillisecondsPerBurst => Elapsed.TotalMilliseconds / (Instances * 4.0);
    public double KilobytesPerInstance => AllocatedBytes / 1024.0 / Instances;
}

/// <summary>Warm-up, statement accounting, interleaved rounds and (with --profile) the breakdown, for one provider.</summary>
public sealed class ProviderRunner(DatabaseServer server, BenchOptions options, TextWriter output)
{
    private BurstTemplates? _templates;
    private StartingPoint? _start;

    public async Task<ProviderReport> RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await MeasureAsync(cancellationToken);
        }
        finally
        {
            if (_start is not null)
            {
                await _start.DisposeAsync();
            }
        }
    }

    private async Task<ProviderReport> MeasureAsync(CancellationToken cancellationToken)
    {
        output.WriteLine($"== {server.Provider}: {server.Describe()}; load average {LoadAverage()}");
        var accounts = await WarmUpAsync(cancellationToken);
        PrintAccounts(accounts);

        var engine = new List<Sample>();
        var baseline = new List<Sample>();
        for (var round = 1; round <= options.Rounds; round++)
        {
            engine.Add(await MeasureEngineAsync($"engine-{round}", options.Instances, cancellationToken));
            baseline.Add(await MeasureBaselineAsync($"baseline-{round}", options.Instances, cancellationToken));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"   round {round}: engine {engine[^1].InstancesPerSecond,7:F1} inst/s ({engine[^1].MillisecondsPerBurst:F3} ms/tx)   " +
                $"baseline {baseline[^1].InstancesPerSecond,7:F1} inst/s ({baseline[^1].MillisecondsPerBurst:F3} ms/tx)   " +
                $"CPU/tx {engine[^1].CpuMicrosecondsPerBurst:F0} vs {baseline[^1].CpuMicrosecondsPerBurst:F0} µs   " +
                $"ratio {engine[^1].InstancesPerSecond / baseline[^1].InstancesPerSecond:F3}   " +
                $"JIT {engine[^1].JitTime.TotalMilliseconds:F0} vs {baseline[^1].JitTime.TotalMilliseconds:F0} ms   " +
                $"GC pauses {engine[^1].GcPause.TotalMilliseconds:F0} vs {baseline[^1].GcPause.TotalMilliseconds:F0} ms"));
        }
        output.WriteLine($"   load average after the rounds: {LoadAverage()}");
        var report = new ProviderReport(server.Provider, engine, baseline, accounts);
        output.WriteLine(report.Text());

        if (options.Profile)
        {
            await new Profiler(server, _start!, _templates!, output).RunAsync(options.Instances, cancellationToken);
        }
        return report;
    }

    /// <summary>
    /// Unmeasured: one engine run wired exactly as the measured rounds, whose database (settled) is where every
    /// measurement starts (<see cref="StartingPoint"/>); one instrumented engine run (which captures the baseline's row
    /// templates and traces one instance's SQL) and one baseline run, each on its own fresh database; so JIT, EF's model
    /// and query caches and the connection pools are warm before the first measured round.
    /// </summary>
    /// <remarks>
    /// The instrumented run's interceptor gives EF other options, hence its own internal services and model; warming up
    /// only through it left the first measured round building and compiling all of them again (1.7 s of JIT in a 3 s round).
    /// </remarks>
    private async Task<(List<BurstAccount> Engine, List<BurstAccount> Baseline)> WarmUpAsync(CancellationToken cancellationToken)
    {
        output.WriteLine($"   warm-up ({options.WarmupInstances} instances each side, unmeasured)…");
        var start = await server.CreateAsync("start", cancellationToken);
        await using (var engine = await EngineWorkload.CreateAsync(start, null, cancellationToken))
        {
            await engine.RunAsync(options.WarmupInstances, cancellationToken);
        }
        await server.SettleAsync(start, cancellationToken);
        _start = new StartingPoint(start, await Verifier.CountAsync(start, cancellationToken));
        var recorder = new DbRecorder { Enabled = false };
        var sqlLog = new SqlLog(output);
        List<BurstAccount> engineAccounts = [];
        await using (var database = await server.CreateAsync("warmup-engine", cancellationToken))
        await using (var engine = await EngineWorkload.CreateAsync(database, s =>
        {
            recorder.Register(s);
            if (options.ShowSql)
            {
                sqlLog.Register(s);
            }
        }, cancellationToken))
        {
            _templates = await BurstTemplates.CaptureAsync(engine, cancellationToken);
            // A few instances first, so the traced one finds its caches (the definition's among them) filled.
            await engine.RunAsync(10, cancellationToken);

            // One more instance, warm, with every database event traced (and EF's SQL log printed with --show-sql).
            if (options.ShowSql)
            {
                output.WriteLine($"   EF command log for one instance ({server.Provider}):");
            }
            recorder.Enabled = true;
            sqlLog.Enabled = options.ShowSql;
            var instance = await Traced("start", () => engine.StartAsync(cancellationToken));
            foreach (var (task, index) in ApprovalFlow.Tasks.Select((t, i) => (t, i)))
            {
                instance = await Traced($"complete {task}", () => engine.CompleteAsync(instance.Id, instance.Bookmarks[0].Id, index, cancellationToken));
            }
            recorder.Enabled = false;
            sqlLog.Enabled = false;

            async Task<Core.Runtime.WorkflowInstance> Traced(string burst, Func<Task<Core.Runtime.WorkflowInstance>> run)
            {
                if (options.ShowSql)
                {
                    output.WriteLine($"   -- {burst}");
                }
                recorder.Drain();
                var result = await run();
                engineAccounts.Add(Accounting.Summarise(burst, recorder.Drain().Select(Trace)));
                return result;
            }
        }

        List<BurstAccount> baselineAccounts = [];
        await using (var database = await server.CreateAsync("warmup-baseline", cancellationToken))
        {
            await using var baseline = CreateBaseline(database);
            await baseline.Value.RunAsync(options.WarmupInstances, cancellationToken);
            var trace = new List<string>();
            baseline.Value.Trace = trace;
            string id = Guid.NewGuid().ToString("N");
            string[] bookmarks = [Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N")];
            await baseline.Value.StartAsync(id, bookmarks, cancellationToken);
            baselineAccounts.Add(Accounting.Summarise(Accounting.BurstNames[0], trace));
            for (var task = 1; task <= ApprovalFlow.Tasks.Length; task++)
            {
                trace.Clear();
                await baseline.Value.ResumeAsync(id, bookmarks, task, cancellationToken);
                baselineAccounts.Add(Accounting.Summarise(Accounting.BurstNames[task], trace));
            }
            baseline.Value.Trace = null;
        }
        return (engineAccounts, baselineAccounts);

        static string Trace(DbEvent e) => e.Kind switch
        {
            DbEventKind.ConnectionOpen => "OPEN",
            DbEventKind.BeginTransaction => "BEGIN",
            DbEventKind.Commit => "COMMIT",
            _ => e.Sql ?? "",
        };
    }

    /// <summary>The 1/5/15-minute load averages (Linux), to judge how busy the machine was.</summary>
    public static string LoadAverage()
    {
        try
        {
            return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
        catch (UnauthorizedAccessException)
        {
            return "unknown";
        }
    }

    /// <summary>Whether the baseline writes, burst by burst, the same rows (statement kind and table) as the store.</summary>
    private static bool WritesMatch((List<BurstAccount> Engine, List<BurstAccount> Baseline) accounts) =>
        accounts.Engine.Count == accounts.Baseline.Count
        && accounts.Engine.Zip(accounts.Baseline).All(p => p.First.WriteSet == p.Second.WriteSet && p.First.Transactions == p.Second.Transactions);

    private void PrintAccounts((List<BurstAccount> Engine, List<BurstAccount> Baseline) accounts)
    {
        if (!WritesMatch(accounts))
        {
            // A ratio of unlike work is no figure at all: stop before measuring, naming what differs.
            var differences = accounts.Engine.Zip(accounts.Baseline).Where(p => p.First.WriteSet != p.Second.WriteSet || p.First.Transactions != p.Second.Transactions)
                .Select(p => $"{p.First.Burst}: store writes {p.First.WriteSet} in {p.First.Transactions} transaction(s); baseline writes {p.Second.WriteSet} in {p.Second.Transactions}");
            throw new InvalidOperationException(
                "the baseline no longer writes the same rows as the EF store (the store changed?); fix Baseline/ before measuring:\n  "
                + string.Join("\n  ", differences.DefaultIfEmpty($"{accounts.Engine.Count} engine bursts against {accounts.Baseline.Count} baseline bursts")));
        }
        output.WriteLine("   what each burst sends (one warm instance, traced):");
        foreach (var (side, list) in new[] { ("engine  ", accounts.Engine), ("baseline", accounts.Baseline) })
        {
            foreach (var a in list)
            {
                output.WriteLine($"     {side} {a.Burst,-10}  opens {a.Opens}, commands {a.Commands}, statements {a.Statements} ({a.RowWrites} row writes), " +
                    $"transactions {a.Transactions}: {Accounting.CollapseSequence(a.Sequence)}");
            }
        }
    }

    private async Task<Sample> MeasureEngineAsync(string label, int instances, CancellationToken cancellationToken)
    {
        await using var database = await server.CopyAsync(_start!.Database, label, cancellationToken);
        Sample sample;
        await using (var engine = await EngineWorkload.CreateAsync(database, null, cancellationToken))
        {
            sample = await TimeAsync(instances, () => engine.RunAsync(instances, cancellationToken));
        }
        await Verifier.VerifyAsync(database, _start.Counts, instances, _templates!, label, cancellationToken);
        return sample;
    }

    private async Task<Sample> MeasureBaselineAsync(string label, int instances, CancellationToken cancellationToken)
    {
        await using var database = await server.CopyAsync(_start!.Database, label, cancellationToken);
        Sample sample;
        await using (var baseline = CreateBaseline(database))
        {
            sample = await TimeAsync(instances, () => baseline.Value.RunAsync(instances, cancellationToken));
        }
        await Verifier.VerifyAsync(database, _start.Counts, instances, _templates!, label, cancellationToken, rowsLikeTheCalibration: true);
        return sample;
    }

    private Owned<AdoBaseline> CreateBaseline(FreshDatabase database) => CreateBaseline(database, _templates!);

    public static Owned<AdoBaseline> CreateBaseline(FreshDatabase database, BurstTemplates templates) => database.Provider == DatabaseProvider.Sqlite
        ? new Owned<AdoBaseline>(new SqliteBaseline(database.ConnectionString, templates), null)
        // The connection settings the engine's store gets from the server's configuration (statements prepared once).
        : Owned<AdoBaseline>.Of(new PostgresBaseline(PostgreSqlConnectionDefaults.Apply(database.ConnectionString), templates));

    /// <summary>
    /// Times <paramref name="run"/> after a full collection, a short pause (so the previous database's I/O settles) and
    /// the JIT's background work: creating and migrating each measurement's database brings EF's model and migration
    /// code to the call count at which it is recompiled optimised, which otherwise ran during the first measured round
    /// (1.5–2 s of JIT on the second core).
    /// </summary>
    public static async Task<Sample> TimeAsync(int instances, Func<Task> run)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        await Task.Delay(250);
        await JitSettledAsync();
        var (gen0, gen2) = (GC.CollectionCount(0), GC.CollectionCount(2));
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var jit = JitInfo.GetCompilationTime();
        var paused = GC.GetTotalPauseDuration();
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await run();
        clock.Stop();
        process.Refresh();
        return new Sample(instances, clock.Elapsed, process.TotalProcessorTime - cpu, GC.GetTotalAllocatedBytes(precise: true) - allocated,
            GC.CollectionCount(0) - gen0, GC.CollectionCount(2) - gen2, JitInfo.GetCompilationTime() - jit, GC.GetTotalPauseDuration() - paused);
    }

    /// <summary>Waits until no method was compiled for 300 ms (at most 10 s).</summary>
    private static async Task JitSettledAsync()
    {
        var clock = Stopwatch.StartNew();
        var compiled = JitInfo.GetCompiledMethodCount();
        var quiet = 0;
        while (quiet < 3 && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(100);
            var now = JitInfo.GetCompiledMethodCount();
            quiet = now == compiled ? quiet + 1 : 0;
            compiled = now;
        }
    }
}

/// <summary>A value and what disposes it.</summary>
public readonly record struct Owned<T>(T Value, IAsyncDisposable? Owner) : IAsyncDisposable
{
    public static Owned<T> Of<TDisposable>(TDisposable value) where TDisposable : T, IAsyncDisposable => new(value, value);

    public ValueTask DisposeAsync() => Owner?.DisposeAsync() ?? ValueTask.CompletedTask;
}

public sealed class ProviderReport(
    BenchProvider provider, IReadOnlyList<Sample> engine, IReadOnlyList<Sample> baseline,
    (List<BurstAccount> Engine, List<BurstAccount> Baseline) accounts)
{
    /// <summary>Issue 17's target for the persisted engine against plain ADO.NET (0.5 was the earlier, lower bar).</summary>
    public const double Target = 0.8;

    public BenchProvider Provider { get; } = provider;
    public IReadOnlyList<Sample> Engine { get; } = engine;
    public IReadOnlyList<Sample> Baseline { get; } = baseline;
    public (List<BurstAccount> Engine, List<BurstAccount> Baseline) Accounts { get; } = accounts;

    public double EngineMedian => Median(Engine.Select(s => s.InstancesPerSecond));
    public double BaselineMedian => Median(Baseline.Select(s => s.InstancesPerSecond));
    public double Ratio => EngineMedian / BaselineMedian;
    /// <summary>The median of engine/baseline within each round: steadier when the machine's load drifts between rounds.</summary>
    public double PairedRatio => Median(Engine.Zip(Baseline).Select(p => p.First.InstancesPerSecond / p.Second.InstancesPerSecond));
    public bool TargetMet => Ratio >= Target;

    public string Text()
    {
        var text = new StringBuilder();
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"   median: engine {EngineMedian:F1} inst/s, baseline {BaselineMedian:F1} inst/s, ratio {Ratio:F3} → target (≥ {Target:F2}) {(TargetMet ? "MET" : "NOT MET")}" +
            $"; median of the per-round ratios {PairedRatio:F3}"));
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"   client CPU per transaction (median): engine {Median(Engine.Select(s => s.CpuMicrosecondsPerBurst)):F0} µs, baseline {Median(Baseline.Select(s => s.CpuMicrosecondsPerBurst)):F0} µs; " +
            $"wall time per transaction (median): engine {Median(Engine.Select(s => s.MillisecondsPerBurst)) * 1000:F0} µs, baseline {Median(Baseline.Select(s => s.MillisecondsPerBurst)) * 1000:F0} µs"));
        text.Append(string.Create(CultureInfo.InvariantCulture,
            $"   allocated per instance: engine {Median(Engine.Select(s => s.KilobytesPerInstance)):F0} KB, baseline {Median(Baseline.Select(s => s.KilobytesPerInstance)):F0} KB; " +
            $"gen0/gen2 collections per round: engine {Engine.Average(s => s.Gen0):F0}/{Engine.Average(s => s.Gen2):F0}, baseline {Baseline.Average(s => s.Gen0):F0}/{Baseline.Average(s => s.Gen2):F0}"));
        return text.ToString();
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public static string MarkdownSummary(IEnumerable<ProviderReport> reports)
    {
        var text = new StringBuilder();
        text.AppendLine($"| Provider | Engine + EF store (instances/s, median) | Plain ADO.NET baseline (instances/s, median) | Ratio of medians | Median per-round ratio | Target ≥ {Target} | Engine rounds | Baseline rounds |");
        text.AppendLine("|---|---:|---:|---:|---:|---|---|---|");
        foreach (var r in reports)
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Provider} | {r.EngineMedian:F1} | {r.BaselineMedian:F1} | {r.Ratio:F3} | {r.PairedRatio:F3} | {(r.TargetMet ? "met" : "not met")} | " +
                $"{string.Join(", ", r.Engine.Select(s => s.InstancesPerSecond.ToString("F0", CultureInfo.InvariantCulture)))} | " +
                $"{string.Join(", ", r.Baseline.Select(s => s.InstancesPerSecond.ToString("F0", CultureInfo.InvariantCulture)))} |"));
        }
        return text.ToString();
    }
}
