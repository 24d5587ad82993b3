using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Core;
using Workflows.Core.Definitions;
using Workflows.Core.Runtime;

namespace Workflows.Benchmarks.Ours;

/// <summary>
/// The breakdown mode: what the parts of our engine's work cost, measured one at a time on the calling thread, so a
/// change to the engine can be aimed at the biggest item. Uses only the engine's public API and the same in-memory
/// store as the benchmarks; every figure is per operation after a JIT warm-up.
/// </summary>
public sealed class OurCostBreakdown
{
    private const int Chunk = 100;
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(8);
    private static readonly TimeSpan Measure = TimeSpan.FromSeconds(1);

    private readonly ResettableInstanceStore _store = new();
    private readonly ServiceProvider _services;
    private readonly WorkflowEngine _engine;
    private readonly InMemoryWorkflowDefinitionSource _definitions;
    private readonly StartWorkflow _startEnd = new(OurDefinitions.StartEndId) { Actor = "bench" };
    private readonly StartWorkflow _sequence = new(OurDefinitions.SequenceId) { Actor = "bench" };
    private readonly StartWorkflow _approval = new(OurDefinitions.ApprovalId) { Actor = "bench" };
    private readonly ResumeRequest _approve = new() { Outcome = OurDefinitions.ApproveOutcome, Actor = OurDefinitions.Reviewer };

    private OurCostBreakdown()
    {
        _services = new ServiceCollection().AddSingleton<IWorkflowInstanceStore>(_store).AddWorkflowEngine().BuildServiceProvider();
        _definitions = _services.GetRequiredService<InMemoryWorkflowDefinitionSource>();
        _definitions.Add(OurDefinitions.StartEnd());
        _definitions.Add(OurDefinitions.Sequence());
        _definitions.Add(OurDefinitions.Approval());
        _engine = _services.GetRequiredService<WorkflowEngine>();
    }

    public static async Task RunAsync(TextWriter output)
    {
        var breakdown = new OurCostBreakdown();
        var items = breakdown.Items();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Warmup)
        {
            foreach (var item in items)
            {
                await item.Run(Chunk);
            }
        }

        output.WriteLine("| What (our engine, in-memory store) | µs per op | bytes allocated per op |");
        output.WriteLine("|---|---|---|");
        var results = new Dictionary<string, (double Micros, double Bytes)>();
        foreach (var item in items)
        {
            var result = results[item.Name] = await MeasureAsync(item);
            output.WriteLine($"| {item.Name} | {result.Micros:F2} | {result.Bytes:N0} |");
        }
        var perActivity = (Micros: (results[SequenceItem].Micros - results[StartEndItem].Micros) / OurDefinitions.SequenceSteps,
            Bytes: (results[SequenceItem].Bytes - results[StartEndItem].Bytes) / OurDefinitions.SequenceSteps);
        output.WriteLine($"| → one SetVariable activity (sequence − Start→End, ÷ 10) | {perActivity.Micros:F2} | {perActivity.Bytes:N0} |");
        output.WriteLine($"| → one task completed: load, resume, next task suspends, commit (difference of the two approval rows) " +
            $"| {results[ApprovalResumeItem].Micros - results[ApprovalStartItem].Micros:F2} | {results[ApprovalResumeItem].Bytes - results[ApprovalStartItem].Bytes:N0} |");
        output.WriteLine();
        output.WriteLine($"Sizes: a completed sequence instance serialises to {breakdown.SizeOf(OurDefinitions.SequenceId):N0} bytes, " +
            $"an approval waiting on its first task to {breakdown.SizeOf(OurDefinitions.ApprovalId):N0} bytes " +
            $"(its task bookmark payload alone: {breakdown.PayloadSize():N0} bytes).");
        await breakdown._services.DisposeAsync();
    }

    private const string StartEndItem = "instance Start → End (fixed cost of a start: lookup, burst, journal, commit)";
    private const string SequenceItem = "instance Start → 10 × SetVariable → End";
    private const string ApprovalStartItem = "approval start: Start → UserTask a suspends";
    private const string ApprovalResumeItem = "approval start, then task a completed (ResumeAsync)";

    private List<Item> Items()
    {
        var sequenceDone = Start(_sequence);
        var approvalSnapshot = JsonSerializer.SerializeToUtf8Bytes(Start(_approval), InstanceJson.Options);
        var literal = ExpressionDefinition.Literal("v1");
        return
        [
            new(StartEndItem, n => Repeat(n, () => _engine.StartAsync(_startEnd))),
            new(SequenceItem, n => Repeat(n, () => _engine.StartAsync(_sequence))),
            new("definition lookup by id, latest version (InMemoryWorkflowDefinitionSource.FindAsync, every start)",
                n => Repeat(n, () => _definitions.FindAsync(OurDefinitions.SequenceId, null, default))),
            new("snapshot of the completed sequence instance (JSON serialisation, every commit)",
                n => Repeat(n, () => Task.FromResult(JsonSerializer.SerializeToUtf8Bytes(sequenceDone, InstanceJson.Options)))),
            new("literal string input read as ActivityContext.Get<T> does (clone + JSON round trip)",
                n => Repeat(n, () => Task.FromResult(literal.Value!.DeepClone().Deserialize<string>(InstanceJson.Options)))),
            new(ApprovalStartItem, n => Repeat(n, () => _engine.StartAsync(_approval))),
            new(ApprovalResumeItem, n => Repeat(n, StartAndResumeAsync)),
            new("load of a waiting approval instance (JSON deserialisation, every command)",
                n => Repeat(n, () => Task.FromResult(JsonSerializer.Deserialize<WorkflowInstance>(approvalSnapshot, InstanceJson.Options)))),
        ];
    }

    private async Task<WorkflowInstance> StartAndResumeAsync()
    {
        var instance = await _engine.StartAsync(_approval);
        return await _engine.ResumeAsync(instance.Id, instance.Bookmarks[0].Id, _approve);
    }

    private static async Task<(double Micros, double Bytes)> MeasureAsync(Item item)
    {
        var (ticks, bytes, ops) = (0L, 0L, 0L);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Measure)
        {
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var started = Stopwatch.GetTimestamp();
            await item.Run(Chunk);
            ticks += Stopwatch.GetTimestamp() - started;
            bytes += GC.GetAllocatedBytesForCurrentThread() - allocated;
            ops += Chunk;
        }
        var micros = ticks * 1_000_000.0 / Stopwatch.Frequency / ops;
        return (micros, (double)bytes / ops);
    }

    private async Task Repeat<T>(int count, Func<Task<T>> operation)
    {
        _store.Reset();
        for (var i = 0; i < count; i++)
        {
            await operation();
        }
    }

    private WorkflowInstance Start(StartWorkflow command) => _engine.StartAsync(command).GetAwaiter().GetResult();

    private int SizeOf(string definitionId) =>
        JsonSerializer.SerializeToUtf8Bytes(Start(new StartWorkflow(definitionId) { Actor = "bench" }), InstanceJson.Options).Length;

    private int PayloadSize() => JsonSerializer.SerializeToUtf8Bytes(Start(_approval).Bookmarks[0].Payload, InstanceJson.Options).Length;

    private sealed record Item(string Name, Func<int, Task> Run);
}
