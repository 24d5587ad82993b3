using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Workflows.Core.Runtime;
using Workflows.Persistence;
using Workflows.Persistence.Instances;
using TaskStatus = Workflows.Persistence.Tasks.TaskStatus;

namespace Workflows.Server.Operations;

/// <summary>
/// Open tasks, overdue tasks and the outbox backlog as gauges. Each reading is a query, so readings are kept for
/// <see cref="MaxAge"/>: scrapes from several collectors do not each hit the database.
/// </summary>
public sealed class WorkloadGauges : IDisposable
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(15);

    private readonly Meter _meter = new(WorkflowMetrics.MeterName);
    private readonly IDbContextFactory<WorkflowsDbContext> _contexts;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private (DateTimeOffset At, long Open, long Overdue, long Backlog)? _reading;

    public WorkloadGauges(IDbContextFactory<WorkflowsDbContext> contexts, TimeProvider time)
    {
        (_contexts, _time) = (contexts, time);
        _meter.CreateObservableGauge("workflows.tasks.open", () => Read().Open, description: "Open user tasks");
        _meter.CreateObservableGauge("workflows.tasks.overdue", () => Read().Overdue, description: "Open user tasks past their due date");
        _meter.CreateObservableGauge("workflows.outbox.backlog", () => Read().Backlog, description: "Side effects not yet delivered");
    }

    private (DateTimeOffset At, long Open, long Overdue, long Backlog) Read()
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            if (_reading is { } fresh && now - fresh.At < MaxAge)
            {
                return fresh;
            }
            using var db = _contexts.CreateDbContext();
            var open = db.Tasks.LongCount(t => t.Status == TaskStatus.Open);
            var overdue = db.Tasks.LongCount(t => t.Status == TaskStatus.Open && t.DueOrder < now);
            var backlog = db.Outbox.LongCount(o => o.State == OutboxState.Pending || o.State == OutboxState.Sending);
            _reading = (now, open, overdue, backlog);
            return _reading.Value;
        }
    }

    public void Dispose() => _meter.Dispose();
}
