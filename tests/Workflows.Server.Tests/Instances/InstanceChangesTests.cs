using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Designer.Services;
using Workflows.Designer.Work;
using Workflows.Server.Dashboard;
using Workflows.Server.Instances;
using Workflows.Server.Tasks;
using Workflows.Server.Tests.Tasks;

namespace Workflows.Server.Tests.Instances;

/// <summary>Open pages hear of a saved step at once: what the inbox and the task page refresh on.</summary>
public sealed class InstanceChangesTests(SharedServer shared) : IClassFixture<SharedServer>
{
    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task CompletingATask_TellsThoseWatchingItsMatter_AndThoseWatchingAll_ButNotOtherMatters(Provider provider)
    {
        var server = shared.For(provider);
        var (watched, task) = await StartAsync(server);
        var (other, _) = await StartAsync(server);

        var changes = server.Services.GetRequiredService<IWorkChanges>();
        var heard = new ConcurrentQueue<string>();
        using var one = changes.Watch(watched, () => heard.Enqueue("watched"));
        using var wrong = changes.Watch(other, () => heard.Enqueue("other"));
        using var all = changes.Watch(null, () => heard.Enqueue("all"));

        await CompleteAsync(server, task);

        Assert.Contains("watched", heard);
        Assert.Contains("all", heard);
        Assert.DoesNotContain("other", heard);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task AWatcherThatStopped_HearsNothingMore(Provider provider)
    {
        var server = shared.For(provider);
        var changes = server.Services.GetRequiredService<IWorkChanges>();
        var heard = 0;
        var watch = changes.Watch(null, () => Interlocked.Increment(ref heard));
        await StartAsync(server);
        var before = Volatile.Read(ref heard);

        watch.Dispose();
        await StartAsync(server);

        Assert.True(before > 0, "the first start should have been heard");
        Assert.Equal(before, Volatile.Read(ref heard));
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task APageRefreshes_AsSoonAsItsMatterMoves_NotOnItsFallbackLook(Provider provider)
    {
        var server = shared.For(provider);
        var (instanceId, task) = await StartAsync(server);
        var fallback = LiveRefresh.Fallback;
        LiveRefresh.Fallback = TimeSpan.FromHours(1);
        try
        {
            var refreshed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await using var page = new LiveRefresh(server.Services.GetRequiredService<IWorkChanges>(), instanceId, _ =>
            {
                refreshed.TrySetResult();
                return Task.CompletedTask;
            });

            await CompleteAsync(server, task);

            await refreshed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
        finally
        {
            LiveRefresh.Fallback = fallback;
        }
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task AnInbox_HearsOnlyTheSteps_ThatChangeWorkReachingItsPerson(Provider provider)
    {
        var server = shared.For(provider);
        var heard = new ConcurrentQueue<string>();
        IDisposable InboxOf(string userName) => WatchInbox(server, userName, () => heard.Enqueue(userName));
        using var expert1 = InboxOf("expert1");
        using var expert2 = InboxOf("expert2");
        using var finance = InboxOf("finance");

        // Assigned to expert1 alone: expert1 hears the task arrive and leave; expert2 and finance hear nothing.
        var (_, task) = await StartAsync(server);
        await CompleteAsync(server, task);
        Assert.Equal(["expert1", "expert1"], heard);

        // Offered to the health-expert role: both experts hear it arrive, and leave their offered lists when expert2
        // claims it; finance, who holds another role, hears neither.
        heard.Clear();
        var definitionId = Api.NewId("live");
        await server.PublishAsync(TaskFlows.OneTask(definitionId, """{ "roles": ["health-expert"] }"""));
        var instanceId = await (await server.ClientForAsync("drafter")).StartAsync(definitionId);
        Assert.Equal(["expert1", "expert2"], heard.Order());
        var claimer = await server.ClientForAsync("expert2");
        var offered = await (await claimer.GetAsync($"/api/tasks?scope=candidate&instanceId={instanceId}")).ExpectObjectAsync(HttpStatusCode.OK);
        heard.Clear();
        await (await claimer.PostJsonAsync($"/api/tasks/{(string)offered["items"]![0]!["id"]!}/claim", "{}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["expert1", "expert2"], heard.Order());

        // A change announced without whose work it changed (as from a node of an earlier version): every inbox hears it.
        heard.Clear();
        server.Services.GetRequiredService<InstanceChanges>().Publish(instanceId);
        Assert.Equal(["expert1", "expert2", "finance"], heard.Order());
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task ADocumentIssuedInTheBackground_ReloadsItsMattersPages_NotTheInboxes(Provider provider)
    {
        var server = shared.For(provider);
        var definitionId = Api.NewId("issued");
        await server.PublishAsync(Flows.ReviewThenIssue(definitionId));
        var instanceId = await (await server.ClientForAsync("drafter")).StartAsync(definitionId);
        var expert1 = await server.ClientForAsync("expert1");
        var task = (string)(await (await expert1.GetAsync($"/api/tasks?scope=mine&instanceId={instanceId}")).ExpectObjectAsync(HttpStatusCode.OK))["items"]![0]!["id"]!;

        var changes = server.Services.GetRequiredService<IWorkChanges>();
        var matterHeard = 0;
        var inboxesHeard = new ConcurrentQueue<string>();
        using var matterPage = changes.Watch(instanceId, () => Interlocked.Increment(ref matterHeard));
        var inboxes = new[] { "expert1", "expert2", "finance" }.Select(userName => WatchInbox(server, userName, () => inboxesHeard.Enqueue(userName))).ToList();
        try
        {
            // The step that approves (and asks for the document), then the document issued after it commits.
            await (await expert1.PostJsonAsync($"/api/tasks/{task}/complete", """{ "outcome": "approve", "data": { "opinion": "同意" } }""")).ExpectAsync(HttpStatusCode.OK);
            var giveUp = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (Volatile.Read(ref matterHeard) < 2 && DateTime.UtcNow < giveUp)
            {
                await Task.Delay(50);
            }

            Assert.Equal(2, Volatile.Read(ref matterHeard));
            var documents = (await (await expert1.GetAsync($"/api/workflow-instances/{instanceId}/documents")).ExpectAsync(HttpStatusCode.OK)).AsArray();
            Assert.NotEqual("Draft", (string?)Assert.Single(documents)!["state"]);
            // Only the step reached anyone's work: expert1's task left their inbox; the document reached no inbox.
            Assert.Equal(["expert1"], inboxesHeard);
        }
        finally
        {
            inboxes.ForEach(inbox => inbox.Dispose());
        }
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task ADashboard_HearsTheStepsOfItsPersonAndOfThoseTheySupervise_AnAdministratorsEveryStep(Provider provider)
    {
        var server = shared.For(provider);
        var changes = server.Services.GetRequiredService<IWorkChanges>();
        var heard = new ConcurrentQueue<string>();
        IReadOnlyList<string>? ReachOf(string userName, params string[] roles)
        {
            using var scope = server.Services.CreateScope();
            return scope.ServiceProvider.GetRequiredService<DashboardFigures>().ReachOf(scope.ServiceProvider, Person(userName, roles));
        }
        Assert.Null(ReachOf("admin", "admin"));
        // health-head supervises expert1; finance supervises nobody in the health committee.
        using var head = changes.WatchReach(ReachOf("health-head")!, () => heard.Enqueue("health-head"));
        using var finance = changes.WatchReach(ReachOf("finance")!, () => heard.Enqueue("finance"));

        var (_, task) = await StartAsync(server);
        await CompleteAsync(server, task);

        Assert.Equal(["health-head", "health-head"], heard);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task APageWhoseReloadIsCostly_RestsBetweenReloads_HoweverOftenTheWorkChanges(Provider provider)
    {
        var server = shared.For(provider);
        var definitionId = Api.NewId("live");
        await server.PublishAsync(TaskFlows.OneTask(definitionId, """{ "users": ["expert1"] }"""));
        var drafter = await server.ClientForAsync("drafter");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var reloads = new ConcurrentQueue<(TimeSpan Start, TimeSpan End)>();
        await using (new LiveRefresh(server.Services.GetRequiredService<IWorkChanges>(), null, async ct =>
        {
            var start = clock.Elapsed;
            // A dashboard over a year of work: each reload costs a while.
            await Task.Delay(TimeSpan.FromMilliseconds(150), ct);
            reloads.Enqueue((start, clock.Elapsed));
        }))
        {
            // A matter started every few tens of milliseconds for four seconds: each is a change the page hears.
            var started = 0;
            while (clock.Elapsed < TimeSpan.FromSeconds(4))
            {
                await drafter.StartAsync(definitionId);
                started++;
            }
            Assert.True(started > 20, $"only {started} matters started; the page heard too few changes to tell");
        }

        var list = reloads.ToList();
        Assert.True(list.Count >= 2, $"the page reloaded {list.Count} times while the work changed for four seconds");
        foreach (var (before, after) in list.Zip(list.Skip(1)))
        {
            var took = before.End - before.Start;
            var rest = after.Start - before.End;
            // Timers may fire a millisecond or so early against the stopwatch.
            Assert.True(rest >= LiveRefresh.RestAfter(took) - TimeSpan.FromMilliseconds(20),
                $"after a reload of {took.TotalMilliseconds:0} ms the next began {rest.TotalMilliseconds:0} ms later");
        }
    }

    /// <summary>What an open inbox of <paramref name="userName"/> listens to: the steps that change work reaching them.</summary>
    private static IDisposable WatchInbox(ServerFactory server, string userName, Action heard)
    {
        using var scope = server.Services.CreateScope();
        var reach = scope.ServiceProvider.GetRequiredService<TaskInbox>().ReachOf(Person(userName));
        return server.Services.GetRequiredService<IWorkChanges>().WatchReach(reach, heard);
    }

    /// <summary>A signed-in person as the server sees them: the roles come from the token, the rest from the organisation.</summary>
    private static ClaimsPrincipal Person(string userName, params string[] roles) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, userName), .. roles.Select(role => new Claim(ClaimTypes.Role, role))], "test"));

    /// <summary>A new matter of a one-task procedure for expert1: its id and the task's.</summary>
    private static async Task<(string InstanceId, string TaskId)> StartAsync(ServerFactory server)
    {
        var definitionId = Api.NewId("live");
        await server.PublishAsync(TaskFlows.OneTask(definitionId, """{ "users": ["expert1"] }"""));
        var instanceId = await (await server.ClientForAsync("drafter")).StartAsync(definitionId);
        var expert1 = await server.ClientForAsync("expert1");
        var tasks = await (await expert1.GetAsync($"/api/tasks?scope=mine&instanceId={instanceId}")).ExpectObjectAsync(HttpStatusCode.OK);
        return (instanceId, (string)tasks["items"]![0]!["id"]!);
    }

    private static async Task CompleteAsync(ServerFactory server, string taskId) =>
        await (await (await server.ClientForAsync("expert1")).PostJsonAsync($"/api/tasks/{taskId}/complete", """{ "outcome": "approve", "data": { "opinion": "同意" } }"""))
            .ExpectAsync(HttpStatusCode.OK);
}
