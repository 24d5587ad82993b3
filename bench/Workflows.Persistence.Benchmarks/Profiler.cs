using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Workflows.Core.Runtime;
using Workflows.Persistence.Benchmarks.Baseline;

namespace Workflows.Persistence.Benchmarks;

/// <summary>
/// --profile: one more engine run with Stopwatch probes — around the store's FindAsync and CommitAsync and the
/// definition source (decorators), and around every connection open and close, command, BEGIN and COMMIT (an EF
/// interceptor) — so each burst's time splits into engine time, database time and EF/store time
/// outside the database, region by region; then the baseline with its COMMITs timed, the state JSON on its own, and
/// the engine's allocations by type in a run without probes.
/// </summary>
public sealed class Profiler(DatabaseServer server, StartingPoint start, BurstTemplates templates, TextWriter output)
{
    private const string Engine = "engine (outside the store)";
    private const string Find = "store.FindAsync";
    private const string BeforeBegin = "store.CommitAsync before BEGIN (mapping, tracking, reads, statements)";
    private const string Transaction = "store.CommitAsync from BEGIN to COMMIT (the writes)";
    private const string AfterCommit = "store.CommitAsync after COMMIT (context back to pool)";
    private static readonly string[] Regions = [Engine, Find, BeforeBegin, Transaction, AfterCommit];

    public async Task RunAsync(int instances, CancellationToken cancellationToken)
    {
        var timings = new Timings();
        var recorder = new DbRecorder { Enabled = false, KeepTimeline = true };
        await using var database = await server.CopyAsync(start.Database, "profile", cancellationToken);
        Sample sample;
        await using (var engine = await EngineWorkload.CreateAsync(database, s =>
        {
            recorder.Register(s);
            TimedInstanceStore.Register(s, timings, recorder);
        }, cancellationToken))
        {
            timings.Reset();
            recorder.Enabled = true;
            sample = await ProviderRunner.TimeAsync(instances, () => engine.RunAsync(instances, cancellationToken));
            recorder.Enabled = false;
        }
        await Verifier.VerifyAsync(database, start.Counts, instances, templates, "profile", cancellationToken);

        var bursts = instances * 4.0;
        var timeline = recorder.Timeline;
        var totalTicks = timeline[^1].Timestamp - timeline[0].Timestamp;
        double Us(long ticks) => ticks * 1_000_000.0 / Stopwatch.Frequency / bursts;
        string Pct(long ticks) => (100.0 * ticks / totalTicks).ToString("F1", CultureInfo.InvariantCulture);

        // Every stretch between two consecutive probes belongs to a region (where the run was) and is database time
        // (inside a connection open/close, a command, reading its rows, BEGIN or COMMIT) or not.
        var region = Engine;
        var inDatabase = false;
        var regionTicks = Regions.ToDictionary(r => r, _ => (Database: 0L, Other: 0L));
        var databaseTicks = new Dictionary<string, long>();
        var segments = new Dictionary<string, (long Ticks, int Count)>();
        for (var i = 1; i < timeline.Count; i++)
        {
            var (from, to) = (timeline[i - 1], timeline[i]);
            var ticks = to.Timestamp - from.Timestamp;
            region = from.Label switch
            {
                "store.Find…" => Find,
                "store.Commit…" or "store.Commit(new)…" => BeforeBegin,
                "BEGIN…" => Transaction,
                "COMMIT✓" => AfterCommit,
                "store.Find✓" or "store.Commit✓" => Engine,
                _ => region,
            };
            inDatabase = IsDatabaseStart(from.Label) || (inDatabase && !IsDatabaseEnd(from.Label));
            var (db, other) = regionTicks[region];
            if (inDatabase)
            {
                regionTicks[region] = (db + ticks, other);
                var what = $"{region}: {DatabaseStep(from.Label)}";
                databaseTicks[what] = databaseTicks.GetValueOrDefault(what) + ticks;
            }
            else
            {
                regionTicks[region] = (db, other + ticks);
            }
            var key = $"{from.Label} → {to.Label}";
            var (sum, count) = segments.GetValueOrDefault(key);
            segments[key] = (sum + ticks, count + 1);
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"   profile ({server.Provider}, {instances} instances, {sample.InstancesPerSecond:F1} inst/s with probes): mean µs per burst (3 of 4 bursts are resumes)"));
        output.WriteLine($"     {"region",-66} {"total",9}  {"database",9}  {"outside the database",20}");
        foreach (var name in Regions)
        {
            var (db, other) = regionTicks[name];
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"     {name,-66} {Us(db + other),9:F1}  {Us(db),9:F1}  {Us(other),9:F1} ({Pct(other),4} %)"));
        }
        var allDb = regionTicks.Values.Sum(v => v.Database);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"     {"all",-66} {Us(totalTicks),9:F1}  {Us(allDb),9:F1}  {Us(totalTicks - allDb),9:F1} ({Pct(totalTicks - allDb),4} %)"));
        output.WriteLine("   database time by step:");
        foreach (var (what, ticks) in databaseTicks.OrderByDescending(p => p.Value).Take(12))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"     {what,-96} {Us(ticks),9:F1} µs  {Pct(ticks),5} %"));
        }
        output.WriteLine("   between consecutive probes, outside the database (largest first; µs per burst, % of the run, µs per occurrence × occurrences):");
        foreach (var (key, (ticks, count)) in segments.Where(p => !IsDatabaseStart(p.Key.Split(" → ")[0])).OrderByDescending(p => p.Value.Ticks).Take(16))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"     {Shorten(key),-96} {Us(ticks),9:F1} µs  {Pct(ticks),5} %  {ticks * 1_000_000.0 / Stopwatch.Frequency / count,7:F1} µs × {count}"));
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"   per burst: {timeline.Count(m => m.Label == "open…") / bursts:F2} connection opens, {timeline.Count(m => m.Label.StartsWith("exec ", StringComparison.Ordinal)) / bursts:F2} commands, " +
            $"{timeline.Count(m => m.Label == "COMMIT…") / bursts:F2} commits; allocated {sample.KilobytesPerInstance / 4:F0} KB"));

        // The baseline, for comparison: the same run with only its COMMITs timed.
        await using (var baselineDatabase = await server.CopyAsync(start.Database, "profile-baseline", cancellationToken))
        {
            await using var baseline = ProviderRunner.CreateBaseline(baselineDatabase, templates);
            baseline.Value.Counters.Reset();
            var measured = await ProviderRunner.TimeAsync(instances, () => baseline.Value.RunAsync(instances, cancellationToken));
            var baselineTicks = (long)(measured.Elapsed.TotalSeconds * Stopwatch.Frequency);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"   baseline, same run ({measured.InstancesPerSecond:F1} inst/s): {Us(baselineTicks):F1} µs per burst, of which COMMIT {Us(baseline.Value.Counters.CommitTicks):F1} µs, " +
                $"everything else {Us(baselineTicks - baseline.Value.Counters.CommitTicks):F1} µs; allocated {measured.KilobytesPerInstance / 4:F0} KB"));
        }

        // The state JSON on its own: one deserialise per resume (FindAsync), one serialise per burst (CommitAsync).
        var state = templates.Bursts[1].State;
        var instance = JsonSerializer.Deserialize<WorkflowInstance>(state, InstanceJson.Options)!;
        const int Iterations = 20_000;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Iterations; i++)
        {
            JsonSerializer.Deserialize<WorkflowInstance>(state, InstanceJson.Options);
        }
        var deserialize = clock.Elapsed.TotalMicroseconds / Iterations;
        clock.Restart();
        for (var i = 0; i < Iterations; i++)
        {
            JsonSerializer.Serialize(instance, InstanceJson.Options);
        }
        var serialize = clock.Elapsed.TotalMicroseconds / Iterations;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"   state JSON ({state.Length} chars): deserialise {deserialize:F1} µs, serialise {serialize:F1} µs"));

        // What the engine's allocations are, from a run without probes.
        using var sampler = new AllocationSampler();
        await using (var sampled = await server.CopyAsync(start.Database, "profile-allocations", cancellationToken))
        await using (var engine = await EngineWorkload.CreateAsync(sampled, null, cancellationToken))
        {
            sampler.Listening = true;
            var allocated = await ProviderRunner.TimeAsync(instances, () => engine.RunAsync(instances, cancellationToken));
            sampler.Listening = false;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"   engine allocations by type ({allocated.KilobytesPerInstance / 4:F0} KB per burst, sampled about every 100 KB):"));
        }
        foreach (var (type, share) in sampler.Top(20))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"     {share,6:P1}  {type}"));
        }
    }

    private static bool IsDatabaseStart(string label) =>
        label is "open…" or "close…" or "BEGIN…" or "COMMIT…"
        || label.StartsWith("exec ", StringComparison.Ordinal) || label.StartsWith("executed SELECT", StringComparison.Ordinal);

    private static bool IsDatabaseEnd(string label) =>
        label is "open✓" or "close✓" or "BEGIN✓" or "COMMIT✓" || label.StartsWith("read ", StringComparison.Ordinal);

    private static string DatabaseStep(string label) => label switch
    {
        "open…" => "connection open (with the SQLite pragmas)",
        "close…" => "connection close",
        "BEGIN…" => "BEGIN",
        "COMMIT…" => "COMMIT",
        _ when label.StartsWith("executed ", StringComparison.Ordinal) => "reading the rows of " + label["executed ".Length..],
        _ when label.StartsWith("exec ", StringComparison.Ordinal) => label["exec ".Length..].StartsWith('[') ? "the write batch" : label["exec ".Length..],
        _ => label,
    };

    private static string Shorten(string key) => key.Length <= 96 ? key : key[..93] + "…";
}
