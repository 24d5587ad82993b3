using BenchmarkDotNet.Attributes;
using Workflows.Benchmarks.Harness;

namespace Workflows.Benchmarks.Benchmarks;

/// <summary>
/// One flow on both engines. Each invocation runs a batch of <see cref="Instances"/> new instances on fresh state
/// (an empty store, reset in the unmeasured iteration setup), and <c>OperationsPerInvoke</c> makes every figure per
/// instance. Ours is the baseline, so Ratio is Workflow Core's time over ours.
/// </summary>
public abstract class FlowBenchmarks
{
    /// <summary>
    /// Instances per measured batch. Kept small because Workflow Core's in-memory store scans a list on every access,
    /// so its cost per instance grows with the number of instances already stored.
    /// </summary>
    public const int Instances = 100;

    private IFlowRun? _run;
    private TimeSpan _cpuAtStart;
    private bool _ran;

    protected abstract Flow Flow { get; }

    [GlobalSetup(Target = nameof(Ours))]
    public Task SetUpOursAsync() => SetUpAsync(Engine.Ours);

    [GlobalSetup(Target = nameof(WorkflowCore))]
    public Task SetUpWorkflowCoreAsync() => SetUpAsync(Engine.WorkflowCore);

    [IterationSetup]
    public void ResetState()
    {
        Run.ResetAsync().GetAwaiter().GetResult();
        _ran = false;
        _cpuAtStart = BatchMeter.CpuTime;
    }

    [IterationCleanup]
    public void RecordCpuTime()
    {
        var cpu = BatchMeter.CpuTime - _cpuAtStart;
        if (_ran)
        {
            CpuTimeLog.Append(Flow, Run.Engine, cpu, Instances);
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Instances)]
    public Task Ours() => RunBatch();

    [Benchmark(OperationsPerInvoke = Instances)]
    public Task WorkflowCore() => RunBatch();

    [GlobalCleanup]
    public async Task TearDownAsync()
    {
        if (_run is not null)
        {
            await _run.DisposeAsync();
        }
    }

    private IFlowRun Run => _run ?? throw new InvalidOperationException("global setup did not run");

    private Task RunBatch()
    {
        _ran = true;
        return Run.RunAsync(Instances);
    }

    private async Task SetUpAsync(Engine engine)
    {
        _run = FlowRuns.Create(engine, Flow);
        // BenchmarkDotNet's warm-up iterations are milliseconds long; the runtime needs seconds to finish tiering.
        var warmup = await JitWarmup.RunAsync(_run, Instances, JitWarmup.MinimumDuration, JitWarmup.MaximumDuration);
        Console.WriteLine($"// {engine} {Flow}: {warmup}");
    }
}

[BenchmarkCategory(nameof(Flow.Sequence))]
public class SequenceBenchmarks : FlowBenchmarks
{
    protected override Flow Flow => Flow.Sequence;
}

[BenchmarkCategory(nameof(Flow.Approval))]
public class ApprovalBenchmarks : FlowBenchmarks
{
    protected override Flow Flow => Flow.Approval;
}
