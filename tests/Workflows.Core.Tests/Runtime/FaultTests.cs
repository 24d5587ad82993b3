using Microsoft.Extensions.DependencyInjection;
using Workflows.Core.Activities;
using Workflows.Core.Runtime;
using static Workflows.Core.Tests.Flow;

namespace Workflows.Core.Tests.Runtime;

public sealed class FaultTests
{
    [Fact]
    public async Task InfiniteLoop_FaultsOnlyItsOwnInstance()
    {
        var fixture = new EngineFixture(engine: e => e.Options.MaxActivitiesPerBurst = 500);
        fixture.Publish(new Flow("spin").Start()
            .Activity("a", "SetVariable", ("variable", Lit("n")), ("value", Lit(1)))
            .Activity("b", "SetVariable", ("variable", Lit("n")), ("value", Lit(2)))
            .Connect("start", "a").Connect("a", "b").Connect("b", "a").Build());
        fixture.Publish(new Flow("fine").Start().End("end", "ok").Connect("start", "end").Build());

        var spinning = await fixture.StartAsync("spin");
        var fine = await fixture.StartAsync("fine");

        Assert.Equal(WorkflowStatus.Faulted, spinning.Status);
        Assert.Contains("possible infinite loop", Assert.Single(spinning.Incidents).Message);
        Assert.Equal(WorkflowStatus.Completed, fine.Status);
    }

    [Fact]
    public async Task JavaScriptWhileTrue_FaultsTheActivityWithinTheTimeLimit()
    {
        var fixture = new EngineFixture(engine: e => e.Expressions.JavaScriptMaxStatements = int.MaxValue);
        fixture.Publish(new Flow("hang").Start()
            .Activity("check", "Decision", ("condition", Js("while(true){} true"))).End()
            .Connect("start", "check").Connect("check", "end", "True").Build());
        fixture.Publish(new Flow("fine").Start().End("end", "ok").Connect("start", "end").Build());

        var hung = await fixture.StartAsync("hang");
        var fine = await fixture.StartAsync("fine");

        Assert.Equal(WorkflowStatus.Faulted, hung.Status);
        var incident = Assert.Single(hung.Incidents);
        Assert.Equal("check", incident.ActivityId);
        Assert.Contains("JavaScript", incident.Message);
        Assert.Equal(WorkflowStatus.Completed, fine.Status);
        var journal = await fixture.JournalAsync(hung.Id);
        Assert.Contains(journal, e => e.Event == JournalEvents.ActivityFaulted && e.ActivityId == "check");
    }

    [Fact]
    public async Task Retry_RunsTheFaultedActivityAgain()
    {
        var fixture = new EngineFixture();
        fixture.Publish(new Flow("retry").Variable("limit", null).Start()
            .Activity("check", "Decision", ("condition", Js("variables.limit.value > 3"))).End("big", "big").End("small", "small")
            .Connect("start", "check").Connect("check", "big", "True").Connect("check", "small", "False").Build());
        var faulted = await fixture.StartAsync("retry");
        Assert.Equal(WorkflowStatus.Faulted, faulted.Status);
        Assert.Equal(["check"], faulted.ActiveActivityIds);

        var notFaulted = await fixture.StartAsync("retry");
        var retried = await fixture.Engine.RetryAsync(faulted.Id, "admin");

        // The definition still dereferences null, so the retry faults again, with a second incident.
        Assert.Equal(WorkflowStatus.Faulted, retried.Status);
        Assert.Equal(2, retried.Incidents.Count);
        var journal = await fixture.JournalAsync(faulted.Id);
        Assert.Contains(journal, e => e.Event == JournalEvents.InstanceRetried && e.Actor == "admin");
        Assert.Equal(WorkflowStatus.Faulted, notFaulted.Status);
    }

    [Fact]
    public async Task Retry_CompletesOnceTheCauseIsGone()
    {
        var gate = new ExternalSystem { Available = false };
        var fixture = new EngineFixture(services => services.AddSingleton(gate), engine => engine.AddActivity<CallExternalSystem>());
        fixture.Publish(new Flow("retry-ok").Start().Activity("call", "CallExternalSystem").End("end", "done")
            .Connect("start", "call").Connect("call", "end").Build());
        var faulted = await fixture.StartAsync("retry-ok");
        Assert.Equal(WorkflowStatus.Faulted, faulted.Status);
        Assert.Contains("unavailable", Assert.Single(faulted.Incidents).Message);

        gate.Available = true;
        var retried = await fixture.Engine.RetryAsync(faulted.Id, "admin");

        Assert.Equal(WorkflowStatus.Completed, retried.Status);
        Assert.Equal("done", retried.Result!.GetValue<string>());
        Assert.Empty(retried.PendingTokens);
    }

    [Fact]
    public async Task Cancel_CancelsOpenTasksAndRefusesLaterCommands()
    {
        var fixture = new EngineFixture();
        fixture.Publish(new Flow("cancel").Start().Task("review", "ok").End().Connect("start", "review").Connect("review", "end", "ok").Build());
        var instance = await fixture.StartAsync("cancel");

        var cancelled = await fixture.Engine.CancelAsync(instance.Id, "申请人撤回", "starter");
        var again = await Assert.ThrowsAsync<WorkflowCommandException>(() => fixture.Engine.CancelAsync(instance.Id, null, "starter"));

        Assert.Equal(WorkflowStatus.Cancelled, cancelled.Status);
        Assert.Empty(cancelled.Bookmarks);
        Assert.Equal(ErrorCodes.InstanceNotRunning, again.Code);
        var journal = await fixture.JournalAsync(instance.Id);
        Assert.Contains(journal, e => e.Event == JournalEvents.ActivityCancelled && e.ActivityId == "review");
        Assert.Contains(journal, e => e.Event == JournalEvents.InstanceCancelled && e.Message == "申请人撤回");
    }
}

/// <summary>A remote dependency whose outage is a fault we cannot cause for real.</summary>
public sealed class ExternalSystem
{
    public bool Available { get; set; }
}

/// <summary>A test-only activity, added by registering its class: it shows constructor injection and a transient fault.</summary>
[Activity("CallExternalSystem")]
public sealed class CallExternalSystem(ExternalSystem system) : Activity
{
    public override ActivityResult Execute(ActivityContext context) =>
        system.Available ? ActivityResult.Done() : throw new InvalidOperationException("external system unavailable");
}
