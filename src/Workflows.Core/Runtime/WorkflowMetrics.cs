using System.Diagnostics.Metrics;

namespace Workflows.Core.Runtime;

/// <summary>
/// The engine's counters, on the <see cref="MeterName"/> meter that operations export (Prometheus or OTLP):
/// instances started, completed and faulted, and how late timers fire.
/// </summary>
public sealed class WorkflowMetrics : IDisposable
{
    public const string MeterName = "Workflows";

    private readonly Meter _meter = new(MeterName);

    /// <summary>This engine's meter; listeners tell it from other engines' meters in the same process.</summary>
    public Meter Meter => _meter;
    private readonly Counter<long> _started;
    private readonly Counter<long> _completed;
    private readonly Counter<long> _faulted;

    public WorkflowMetrics()
    {
        _started = _meter.CreateCounter<long>("workflows.instances.started", description: "Instances started");
        _completed = _meter.CreateCounter<long>("workflows.instances.completed", description: "Instances that reached an end");
        _faulted = _meter.CreateCounter<long>("workflows.instances.faulted", description: "Instances stopped by a fault");
        TimerLateness = _meter.CreateHistogram<double>("workflows.timers.lateness", unit: "s", description: "Fired time minus due time");
    }

    /// <summary>Recorded by whatever fires timers.</summary>
    public Histogram<double> TimerLateness { get; }

    /// <summary>Counts what a committed burst changed: a start, and a move into Completed or Faulted.</summary>
    public void Committed(WorkflowStatus? before, WorkflowInstance after)
    {
        var tags = new KeyValuePair<string, object?>("definition", after.DefinitionId);
        if (before is null)
        {
            _started.Add(1, tags);
        }
        if (before != after.Status && after.Status == WorkflowStatus.Completed)
        {
            _completed.Add(1, tags);
        }
        if (before != after.Status && after.Status == WorkflowStatus.Faulted)
        {
            _faulted.Add(1, tags);
        }
    }

    public void Dispose() => _meter.Dispose();
}
