using Workflows.Core.Runtime;

namespace Workflows.Core.Tests.Runtime;

public sealed class SmokeTests
{
    [Fact]
    public async Task Approval_RunsFromStartThroughTaskToEnd()
    {
        var fixture = new EngineFixture();
        fixture.Publish(new Flow("approval").Start().Task("review", "approve", "reject").End("done", "approved")
            .Connect("start", "review").Connect("review", "done", "approve").Build());

        var started = await fixture.StartAsync("approval");
        Assert.Equal(WorkflowStatus.Running, started.Status);
        var done = await fixture.CompleteAsync(started, "review", "approve");

        Assert.Equal(WorkflowStatus.Completed, done.Status);
        Assert.Equal("approved", done.Result!.GetValue<string>());
    }
}
