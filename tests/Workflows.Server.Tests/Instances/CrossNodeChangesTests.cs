using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Designer.Services;
using Workflows.Persistence.Tasks;
using Workflows.Server.Tests.Tasks;

namespace Workflows.Server.Tests.Instances;

/// <summary>
/// Two server nodes on one database: a step saved on node A reaches the pages open on node B within a second —
/// through PostgreSQL's LISTEN/NOTIFY, and through the polled change table (SQL Server's way, run here on SQLite).
/// </summary>
public sealed class CrossNodeChangesTests
{
    public static TheoryData<Provider, string> Backplanes => new() { { Provider.PostgreSql, "Auto" }, { Provider.Sqlite, "Poll" } };

    [SkippableTheory]
    [MemberData(nameof(Backplanes))]
    public async Task AStepCompletedOnNodeA_ReachesAPageOpenOnNodeB_WithinASecond(Provider provider, string backplane)
    {
        await using var nodes = await TwoNodes.StartAsync(provider, backplane);
        var definitionId = nodes.DefinitionId;
        var drafter = await nodes.A.ClientForAsync("drafter");
        var expert1 = await nodes.A.ClientForAsync("expert1");
        var changesOnB = nodes.B.Services.GetRequiredService<IWorkChanges>();

        // Node B listens from its start, in the background: once it has heard a first matter, time the next change.
        await WarmUpAsync(changesOnB, () => drafter.StartAsync(definitionId));
        var instanceId = await drafter.StartAsync(definitionId);
        var taskId = (string)(await (await expert1.GetAsync($"/api/tasks?scope=mine&instanceId={instanceId}"))
            .ExpectObjectAsync(HttpStatusCode.OK))["items"]![0]!["id"]!;
        var heard = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var page = changesOnB.Watch(instanceId, () => heard.TrySetResult());

        var heardAt = heard.Task.ContinueWith(_ => Stopwatch.GetTimestamp(), TaskScheduler.Default);
        await (await expert1.PostJsonAsync($"/api/tasks/{taskId}/complete", """{ "outcome": "approve", "data": { "opinion": "同意" } }"""))
            .ExpectAsync(HttpStatusCode.OK);
        var answeredAt = Stopwatch.GetTimestamp();
        await heard.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // The step was committed before node A answered; node B may even hear of it first (then the delay is none).
        var delay = Stopwatch.GetElapsedTime(answeredAt, Math.Max(answeredAt, await heardAt));
        Assert.True(delay < TimeSpan.FromSeconds(1), $"node B heard of the completion {delay.TotalMilliseconds:0} ms after node A answered");
    }

    [SkippableTheory]
    [MemberData(nameof(Backplanes))]
    public async Task AStepOnNodeA_ReloadsOnNodeB_OnlyTheInboxesOfThoseItReached(Provider provider, string backplane)
    {
        await using var nodes = await TwoNodes.StartAsync(provider, backplane);
        var definitionId = nodes.DefinitionId;
        var drafter = await nodes.A.ClientForAsync("drafter");
        var changesOnB = nodes.B.Services.GetRequiredService<IWorkChanges>();
        await WarmUpAsync(changesOnB, () => drafter.StartAsync(definitionId));
        var expert1 = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finance = 0;
        using var expert1Inbox = changesOnB.WatchReach([WorkReach.Person("expert1")], () => expert1.TrySetResult());
        using var financeInbox = changesOnB.WatchReach(
            [WorkReach.Person("finance"), WorkReach.Key(ParticipantKind.CandidateRole, "finance")], () => Interlocked.Increment(ref finance));
        var instanceId = await drafter.StartAsync(definitionId);
        var matterHeard = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var matterPage = changesOnB.Watch(instanceId, () => matterHeard.TrySetResult());
        await (await drafter.PostJsonAsync($"/api/workflow-instances/{instanceId}/withdraw", """{ "reason": "撤回重报" }""")).ExpectAsync(HttpStatusCode.OK);

        // Node B heard of both steps (a page of the matter did), and expert1's inbox with them: the task arrived, then
        // left. Finance's inbox was told of neither, which it would be if the keys were lost on the way.
        await matterHeard.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await expert1.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, Volatile.Read(ref finance));
    }

    /// <summary>Two nodes on one database, telling each other of changes through a backplane; a one-task procedure for expert1 published on A.</summary>
    private sealed class TwoNodes(ServerFactory a, ServerFactory b, string definitionId) : IAsyncDisposable
    {
        public ServerFactory A { get; } = a;

        public ServerFactory B { get; } = b;

        public string DefinitionId { get; } = definitionId;

        public static async Task<TwoNodes> StartAsync(Provider provider, string backplane)
        {
            ServerFactory.SkipUnlessAvailable(provider);
            var a = new ServerFactory(provider);
            a.Settings["Workflows:Changes:Backplane"] = backplane;
            var b = new ServerFactory(a);
            b.Settings["Workflows:Changes:Backplane"] = backplane;
            var definitionId = Api.NewId("nodes");
            await a.PublishAsync(TaskFlows.OneTask(definitionId, """{ "users": ["expert1"] }"""));
            return new TwoNodes(a, b, definitionId);
        }

        public async ValueTask DisposeAsync()
        {
            await B.DisposeAsync();
            await A.DisposeAsync();
        }
    }

    private static async Task WarmUpAsync(IWorkChanges changes, Func<Task> change)
    {
        var heard = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var page = changes.Watch(null, () => heard.TrySetResult());
        var giveUp = Stopwatch.StartNew();
        while (!heard.Task.IsCompleted)
        {
            Assert.True(giveUp.Elapsed < TimeSpan.FromSeconds(20), "node B never heard of a change made on node A");
            await change();
            await Task.WhenAny(heard.Task, Task.Delay(TimeSpan.FromSeconds(1)));
        }
    }
}
