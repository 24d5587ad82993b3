using System.Diagnostics.Metrics;
using Workflows.Core.Runtime;
using static Workflows.Core.Tests.Flow;

namespace Workflows.Core.Tests.Runtime;

public sealed class MetricsTests
{
    [Fact]
    public async Task Engine_CountsStartedCompletedAndFaultedInstances()
    {
        var fixture = new EngineFixture();
        var meter = ((WorkflowMetrics)fixture.Services.GetService(typeof(WorkflowMetrics))!).Meter;
        var seen = new List<(string Name, long Value, string? Definition)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                // Only this fixture's meter: other tests run engines in parallel.
                if (ReferenceEquals(instrument.Meter, meter))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            lock (seen)
            {
                seen.Add((instrument.Name, value, tags.ToArray().FirstOrDefault(t => t.Key == "definition").Value as string));
            }
        });
        listener.Start();
        fixture.Publish(new Flow("metered").Start().Task("review", "ok").End().Connect("start", "review").Connect("review", "end", "ok").Build());
        fixture.Publish(new Flow("metered-fault").Start().Activity("check", "Decision", ("condition", Js("nope.nope"))).End()
            .Connect("start", "check").Connect("check", "end", "True").Build());

        var instance = await fixture.StartAsync("metered");
        await fixture.CompleteAsync(instance, "review", "ok");
        await fixture.StartAsync("metered-fault");

        Assert.Equal(2, seen.Count(s => s.Name == "workflows.instances.started"));
        Assert.Equal(("metered", 1), seen.Where(s => s.Name == "workflows.instances.completed").Select(s => (s.Definition, s.Value)).Single());
        Assert.Equal(("metered-fault", 1), seen.Where(s => s.Name == "workflows.instances.faulted").Select(s => (s.Definition, s.Value)).Single());
    }
}
