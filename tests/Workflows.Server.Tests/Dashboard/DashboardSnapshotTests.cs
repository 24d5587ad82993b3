using System.Data.Common;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Workflows.Persistence;
using Workflows.Server.Tests.Tasks;
using TaskStatus = Workflows.Persistence.Tasks.TaskStatus;

namespace Workflows.Server.Tests.Dashboard;

/// <summary>
/// A viewer's dashboard figures are kept until a change to the work they see is heard, or until they are
/// <c>Workflows:Dashboard:MaxAge</c> old. A change made behind the server's back (straight in the database) shows
/// which: figures computed afresh include it, kept ones do not. The server's clock is simulated, so ages are exact.
/// </summary>
public sealed class DashboardSnapshotTests
{
    private static readonly DateTimeOffset LongAgo = new(2020, 1, 6, 9, 0, 0, TimeSpan.FromHours(8));

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Figures_AreKeptUntilAChangeReachesTheirViewer_OrTheyAreAMinuteOld(Provider provider)
    {
        ServerFactory.SkipUnlessAvailable(provider);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = new ServerFactory(provider) { TestServices = s => s.AddSingleton<TimeProvider>(clock) };
        var (mine, theirs) = (Api.NewId("snap-mine"), Api.NewId("snap-theirs"));
        await server.PublishAsync(TaskFlows.OneTask(mine, """{ "users": ["expert1"] }"""));
        await server.PublishAsync(TaskFlows.OneTask(theirs, """{ "users": ["expert2"] }"""));
        var drafter = await server.ClientForAsync("drafter");
        var (expert, admin) = (await server.ClientForAsync("expert1"), await server.ClientForAsync("admin"));
        var first = await drafter.StartAsync(mine);

        async Task<(string Row, DateTimeOffset AsOf)> LookAsync(HttpClient client)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            var dashboard = await (await client.GetAsync("/api/dashboard")).ExpectObjectAsync(HttpStatusCode.OK);
            var row = dashboard["byProcedure"]!.AsArray().Select(r => r!.AsObject()).Single(r => (string)r["key"]! == mine);
            return ($"{row["open"]}/{row["dueSoon"]}/{row["overdue"]}", (DateTimeOffset)dashboard["asOf"]!);
        }

        async Task MakeLateBehindTheServersBackAsync(string instanceId)
        {
            await using var scope = server.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
            Assert.Equal(1, await db.Tasks.Where(t => t.InstanceId == instanceId && t.Status == TaskStatus.Open)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.DueAt, LongAgo)));
        }

        var (expertSeen, expertAsOf) = await LookAsync(expert);
        var (adminSeen, adminAsOf) = await LookAsync(admin);
        Assert.Equal(("1/0/0", "1/0/0"), (expertSeen, adminSeen));
        await MakeLateBehindTheServersBackAsync(first);

        // Nothing heard: both are served the figures they were given.
        Assert.Equal(("1/0/0", expertAsOf), await LookAsync(expert));
        Assert.Equal(("1/0/0", adminAsOf), await LookAsync(admin));

        // A matter for someone else: the administrator's figures are computed afresh, the expert's are kept.
        await drafter.StartAsync(theirs);
        Assert.Equal(("1/0/0", expertAsOf), await LookAsync(expert));
        var (adminNow, adminAsOfNow) = await LookAsync(admin);
        Assert.Equal("1/0/1", adminNow);
        Assert.True(adminAsOfNow > adminAsOf, $"{adminAsOfNow} after {adminAsOf}");

        // A matter that reaches the expert: theirs too.
        var second = await drafter.StartAsync(mine);
        var (expertNow, expertAsOfNow) = await LookAsync(expert);
        Assert.Equal("2/0/1", expertNow);
        Assert.True(expertAsOfNow > expertAsOf, $"{expertAsOfNow} after {expertAsOf}");

        // Unheard changes wait until the figures are a minute old (a deadline passing is one the server cannot announce).
        await MakeLateBehindTheServersBackAsync(second);
        Assert.Equal(("2/0/1", expertAsOfNow), await LookAsync(expert));
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal("2/0/2", (await LookAsync(expert)).Row);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task PeopleAskingAtOnce_ShareOneComputation(Provider provider)
    {
        ServerFactory.SkipUnlessAvailable(provider);
        var reads = new DepartmentReads();
        await using var server = new ServerFactory(provider) { TestServices = s => s.AddSingleton<IInterceptor>(reads) };
        var definitionId = Api.NewId("snap-once");
        await server.PublishAsync(TaskFlows.OneTask(definitionId, """{ "users": ["expert1"] }"""));
        var drafter = await server.ClientForAsync("drafter");
        var admins = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => server.ClientForAsync("admin")));

        // What one computation reads: the dashboard names departments, nothing else asked here reads them.
        reads.Take();
        await (await admins[0].GetAsync("/api/dashboard")).ExpectObjectAsync(HttpStatusCode.OK);
        var once = reads.Take();
        Assert.True(once > 0, "the dashboard read no department");

        // After a change, eight administrators ask while the computation is held up.
        await drafter.StartAsync(definitionId);
        reads.Hold = TimeSpan.FromSeconds(2);
        var seen = await Task.WhenAll(admins.Select(async a => (await (await a.GetAsync("/api/dashboard")).ExpectObjectAsync(HttpStatusCode.OK))
            ["byProcedure"]!.AsArray().Select(r => r!.AsObject()).Single(r => (string)r["key"]! == definitionId)["open"]!.GetValue<int>()));
        Assert.All(seen, open => Assert.Equal(1, open));
        Assert.Equal(once, reads.Take());
    }

    /// <summary>Counts the queries that read departments, holding each up by <see cref="Hold"/>.</summary>
    private sealed class DepartmentReads : DbCommandInterceptor
    {
        private int _count;

        public TimeSpan Hold { get; set; }

        public int Take() => Interlocked.Exchange(ref _count, 0);

        public override async ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData,
            DbDataReader result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.Contains("FROM \"Departments\"", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _count);
                await Task.Delay(Hold, cancellationToken);
            }
            return result;
        }
    }
}
