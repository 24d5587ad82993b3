using Workflows.Core.Runtime;
using static Workflows.Core.Tests.Flow;

namespace Workflows.Core.Tests.Runtime;

/// <summary>Issue 14, defect 2: an instance may not store more than its variable and state limits.</summary>
public sealed class StateLimitTests
{
    [Fact]
    public async Task AVariableOverTheLimit_FaultsTheInstance_AndIsNotStored()
    {
        var fixture = new EngineFixture(engine: e => e.Options.MaxVariableBytes = 1000);
        fixture.Publish(new Flow("big-variable").Start()
            .Activity("fill", "SetVariable", ("variable", Lit("blob")), ("value", Js("'y'.repeat(5000)"))).End()
            .Connect("start", "fill").Connect("fill", "end").Build());

        var instance = await fixture.StartAsync("big-variable");

        Assert.Equal(WorkflowStatus.Faulted, instance.Status);
        var incident = Assert.Single(instance.Incidents);
        Assert.Equal("fill", incident.ActivityId);
        Assert.Contains("variable 'blob' (5002 bytes) exceeds the limit of 1000 bytes per variable", incident.Message);
        Assert.Null(instance.Variables["blob"]);
    }

    [Fact]
    public async Task VariablesTogetherOverTheStateLimit_FaultTheInstance()
    {
        var fixture = new EngineFixture(engine: e => { e.Options.MaxVariableBytes = 1000; e.Options.MaxStateBytes = 1500; });
        fixture.Publish(new Flow("big-state").Start()
            .Activity("a", "SetVariable", ("variable", Lit("a")), ("value", Js("'a'.repeat(900)")))
            .Activity("b", "SetVariable", ("variable", Lit("b")), ("value", Js("'b'.repeat(900)"))).End()
            .Connect("start", "a").Connect("a", "b").Connect("b", "end").Build());

        var instance = await fixture.StartAsync("big-state");

        Assert.Equal(WorkflowStatus.Faulted, instance.Status);
        var incident = Assert.Single(instance.Incidents);
        Assert.Equal("b", incident.ActivityId);
        Assert.Contains("exceed the limit of 1500 bytes", incident.Message);
        Assert.True(instance.Variables.ToJsonString().Length <= 1500);
    }
}
