using System.Data.Common;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Workflows.Core.Calendar;
using Workflows.Persistence;
using Workflows.Server.Tests.Auth;
using Workflows.Server.Tests.Tasks;
using TaskStatus = Workflows.Persistence.Tasks.TaskStatus;

namespace Workflows.Server.Tests.Dashboard;

/// <summary>
/// What a viewer's dashboard counts is kept: when a step of a matter reaching them is heard, that matter alone is read
/// again; everything is read again when what was read is <c>Workflows:Dashboard:MaxAge</c> old. A change made behind the
/// server's back (straight in the database) shows which: a matter read again includes it, one kept does not. The
/// server's clock is simulated, so ages are exact.
/// </summary>
public sealed class DashboardSnapshotTests
{
    private static readonly DateTimeOffset LongAgo = new(2020, 1, 6, 9, 0, 0, TimeSpan.FromHours(8));

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task AHeardStep_HasItsMatterReadAgain_AndEverythingIsReadAgainAMinuteAfterTheLastFullRead(Provider provider)
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

        async Task<(string Mine, string? Theirs, DateTimeOffset AsOf)> LookAsync(HttpClient client)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            var dashboard = await (await client.GetAsync("/api/dashboard")).ExpectObjectAsync(HttpStatusCode.OK);
            var rows = dashboard["byProcedure"]!.AsArray().Select(r => r!.AsObject()).ToDictionary(r => (string)r["key"]!, r => $"{r["open"]}/{r["dueSoon"]}/{r["overdue"]}");
            return (rows[mine], rows.GetValueOrDefault(theirs), (DateTimeOffset)dashboard["asOf"]!);
        }

        async Task MakeLateBehindTheServersBackAsync(string instanceId)
        {
            await using var scope = server.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
            Assert.Equal(1, await db.Tasks.Where(t => t.InstanceId == instanceId && t.Status == TaskStatus.Open)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.DueAt, LongAgo)));
        }

        var (expertSeen, _, expertAsOf) = await LookAsync(expert);
        var (adminSeen, _, adminAsOf) = await LookAsync(admin);
        Assert.Equal(("1/0/0", "1/0/0"), (expertSeen, adminSeen));
        await MakeLateBehindTheServersBackAsync(first);

        // Nothing heard: both are served the figures they were given.
        Assert.Equal(("1/0/0", null, expertAsOf), await LookAsync(expert));
        Assert.Equal(("1/0/0", null, adminAsOf), await LookAsync(admin));

        // A matter for someone else: the administrator reads it (and only it), the expert hears nothing.
        await drafter.StartAsync(theirs);
        Assert.Equal(("1/0/0", null, expertAsOf), await LookAsync(expert));
        var (adminMine, adminTheirs, adminAsOfNow) = await LookAsync(admin);
        Assert.Equal(("1/0/0", "1/0/0"), (adminMine, adminTheirs));
        Assert.True(adminAsOfNow > adminAsOf, $"{adminAsOfNow} after {adminAsOf}");

        // A step of the first matter (the starter urges it): whoever hears it reads that matter again, late task and all.
        await (await drafter.PostJsonAsync($"/api/workflow-instances/{first}/urge", "{}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("1/0/1", (await LookAsync(admin)).Mine);

        // A new matter reaching the expert: they read it, and the first matter, whose urging reached them too.
        var second = await drafter.StartAsync(mine);
        var (expertNow, _, expertAsOfNow) = await LookAsync(expert);
        Assert.Equal("2/0/1", expertNow);
        Assert.True(expertAsOfNow > expertAsOf, $"{expertAsOfNow} after {expertAsOf}");
        Assert.Equal("2/0/1", (await LookAsync(admin)).Mine);

        // Half a minute on, the second matter made late unannounced, and a step heard elsewhere: the late task waits for
        // the full read, which starts a minute after the last one, however recent the last matter read. The look that
        // starts it is served what was kept; a look after it has ended shows it.
        clock.Advance(TimeSpan.FromSeconds(30));
        await MakeLateBehindTheServersBackAsync(second);
        await drafter.StartAsync(theirs);
        var (stillMine, nowTheirs, _) = await LookAsync(admin);
        Assert.Equal(("2/0/1", "2/0/0"), (stillMine, nowTheirs));
        clock.Advance(TimeSpan.FromSeconds(30));
        foreach (var viewer in new[] { admin, expert })
        {
            Assert.Equal("2/0/1", (await LookAsync(viewer)).Mine);
            Assert.Equal("2/0/2", (await EventuallyAsync(() => LookAsync(viewer), seen => seen.Mine == "2/0/2")).Mine);
        }
    }

    /// <summary>Looks again until the figures show what is expected, for up to ten seconds: a full read ends in its own time.</summary>
    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> look, Func<T, bool> expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var seen = await look();
        while (!expected(seen) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            seen = await look();
        }
        return seen;
    }

    /// <summary>A server on a simulated clock whose full reads can be held, with a one-task procedure for expert1 published.</summary>
    private static async Task<(ServerFactory Server, FakeTimeProvider Clock, MattersStartedReads Reads, string DefinitionId)> HeldReadsServerAsync(Provider provider, string prefix)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var reads = new MattersStartedReads();
        var server = new ServerFactory(provider)
        {
            TestServices = s => s.AddSingleton<TimeProvider>(clock).AddSingleton<IInterceptor>(reads),
        };
        var definitionId = Api.NewId(prefix);
        await server.PublishAsync(TaskFlows.OneTask(definitionId, """{ "users": ["expert1"] }"""));
        return (server, clock, reads, definitionId);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task ALookPastTheAge_IsServedTheKeptFigures_WhileEverythingIsReadAgainBehindThem(Provider provider)
    {
        ServerFactory.SkipUnlessAvailable(provider);
        var (server, clock, reads, definitionId) = await HeldReadsServerAsync(provider, "snap-behind");
        await using var _ = server;
        var (drafter, admin) = (await server.ClientForAsync("drafter"), await server.ClientForAsync("admin"));
        var instanceId = await drafter.StartAsync(definitionId);

        async Task<(string Row, DateTimeOffset AsOf)> LookAsync()
        {
            var figures = await (await admin.GetAsync("/api/dashboard")).ExpectObjectAsync(HttpStatusCode.OK);
            var row = figures["byProcedure"]!.AsArray().Select(r => r!.AsObject()).Single(r => (string)r["key"]! == definitionId);
            return ($"{row["open"]}/{row["dueSoon"]}/{row["overdue"]}", (DateTimeOffset)figures["asOf"]!);
        }

        var (first, asOf) = await LookAsync();
        Assert.Equal("1/0/0", first);
        await using (var scope = server.Services.CreateAsyncScope())
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>().Tasks.Where(t => t.InstanceId == instanceId)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.DueAt, LongAgo)));
        }

        // Past the age, with the full read held up before it reads the matters' start and end (after their tasks): the
        // look is answered all the same, from what was kept.
        clock.Advance(TimeSpan.FromMinutes(1));
        reads.HoldNext(1);
        var look = LookAsync();
        var answered = await Task.WhenAny(look, Task.Delay(TimeSpan.FromSeconds(10))) == look;
        if (!answered)
        {
            reads.Release();
        }
        Assert.True(answered, "the look past the age waited for everything to be read again");
        Assert.Equal(("1/0/0", asOf), await look);
        Assert.True(await EventuallyAsync(() => Task.FromResult(reads.Held), held => held > 0) > 0, "nothing was being read again");

        // A matter started meanwhile is taken in on what was kept. The full read, having read the tasks before, misses
        // it: it is read again on top of the full read when that ends.
        await drafter.StartAsync(definitionId);
        Assert.Equal("2/0/0", (await LookAsync()).Row);
        reads.Release();
        Assert.Equal("2/0/1", (await EventuallyAsync(LookAsync, seen => seen.Row == "2/0/1")).Row);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task FullReadsInTheBackground_TakeTurns(Provider provider)
    {
        ServerFactory.SkipUnlessAvailable(provider);
        var (server, clock, reads, definitionId) = await HeldReadsServerAsync(provider, "snap-turns");
        await using var _ = server;
        await (await server.ClientForAsync("drafter")).StartAsync(definitionId);
        var viewers = new[] { await server.ClientForAsync("admin"), await server.ClientForAsync("expert1") };
        async Task<DateTimeOffset> LookAsync(HttpClient viewer) =>
            (DateTimeOffset)(await (await viewer.GetAsync("/api/dashboard")).ExpectObjectAsync(HttpStatusCode.OK))["asOf"]!;
        var firstAsOf = new List<DateTimeOffset>();
        foreach (var viewer in viewers)
        {
            firstAsOf.Add(await LookAsync(viewer));
        }

        // Both viewers' minutes run out together: one full read reaches the database, the other waits its turn.
        clock.Advance(TimeSpan.FromMinutes(1));
        reads.HoldNext(2);
        foreach (var (viewer, asOf) in viewers.Zip(firstAsOf))
        {
            Assert.Equal(asOf, await LookAsync(viewer));
        }
        Assert.Equal(1, await EventuallyAsync(() => Task.FromResult(reads.Held), held => held > 0));
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(1, reads.Held);

        reads.Release();
        foreach (var (viewer, asOf) in viewers.Zip(firstAsOf))
        {
            Assert.True(await EventuallyAsync(() => LookAsync(viewer), seen => seen > asOf) > asOf, "a viewer's full read never ended");
        }
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task SigningIn_StartsReadingTheDashboard_SoTheFirstLookFindsItRead_AndALookBeforeItsTurnReadsAtOnce(Provider provider)
    {
        ServerFactory.SkipUnlessAvailable(provider);
        var (server, _, reads, definitionId) = await HeldReadsServerAsync(provider, "snap-signin");
        await using var _server = server;
        await (await server.ClientForAsync("drafter")).StartAsync(definitionId);
        var admin = await server.ClientForAsync("admin");
        var expert = await server.ClientForAsync("expert1");
        async Task<int> OpenAsync(HttpClient viewer) =>
            (await (await viewer.GetAsync("/api/dashboard")).ExpectObjectAsync(HttpStatusCode.OK))["byProcedure"]!.AsArray()
                .Select(r => r!.AsObject()).Single(r => (string)r["key"]! == definitionId)["open"]!.GetValue<int>();

        // The administrator signs in to the UI: their dashboard is read with nobody looking, and held in the database.
        reads.HoldNext(1);
        await server.NewBrowser().SignInAsync("admin", ServerFactory.AdminPassword);
        Assert.Equal(1, await EventuallyAsync(() => Task.FromResult(reads.Held), held => held > 0));

        // expert1 signs in while that read holds the background reads' turn. Their own read waits for it, but their
        // look does not: it reads at once.
        await server.NewBrowser().SignInAsync("expert1", ServerFactory.DemoPassword);
        Assert.Equal(1, await OpenAsync(expert).WaitAsync(TimeSpan.FromSeconds(20)));
        var asked = reads.Asked;

        // The administrator's first look is what their sign-in read: nothing is read again for it.
        reads.Release();
        Assert.Equal(1, await OpenAsync(admin));
        Assert.Equal(asked, reads.Asked);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task FiguresWithMattersReadAgain_EqualThoseReadInFull_AfterEveryKindOfStep(Provider provider)
    {
        ServerFactory.SkipUnlessAvailable(provider);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = new ServerFactory(provider) { TestServices = s => s.AddSingleton<TimeProvider>(clock) };
        var (toExpert, toRole) = (Api.NewId("snap-user"), Api.NewId("snap-role"));
        await server.PublishAsync(TaskFlows.OneTask(toExpert, """{ "users": ["expert1"] }"""));
        await server.PublishAsync(TaskFlows.OneTask(toRole, """{ "roles": ["health-expert"] }"""));
        var drafter = await server.ClientForAsync("drafter");
        var expert = await server.ClientForAsync("expert1");
        var viewers = new Dictionary<string, HttpClient>
        {
            ["admin"] = await server.ClientForAsync("admin"),
            ["expert1"] = expert,
            ["expert2"] = await server.ClientForAsync("expert2"),
            ["drafter"] = drafter,
        };
        const string Approve = """{ "outcome": "approve", "data": { "opinion": "同意" } }""";
        async Task<string> TaskOfAsync(string instanceId) =>
            (string)(await (await viewers["admin"].GetAsync($"/api/tasks?scope=all&instanceId={instanceId}")).ExpectObjectAsync(HttpStatusCode.OK))["items"]![0]!["id"]!;

        async Task<(JsonObject Figures, DateTimeOffset AsOf)> LookAsync(HttpClient client)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            var figures = await (await client.GetAsync("/api/dashboard")).ExpectObjectAsync(HttpStatusCode.OK);
            var asOf = (DateTimeOffset)figures["asOf"]!;
            figures.Remove("asOf");
            return (figures, asOf);
        }

        // Every viewer looks once, so what follows is kept and read again by matter.
        foreach (var viewer in viewers.Values)
        {
            await LookAsync(viewer);
        }
        var (first, second, offered) = (await drafter.StartAsync(toExpert), await drafter.StartAsync(toExpert), await drafter.StartAsync(toRole));
        var steps = new (string Name, Func<Task> Take)[]
        {
            ("started", () => drafter.StartAsync(toExpert)),
            ("completed, finishing its matter", async () =>
                await (await expert.PostJsonAsync($"/api/tasks/{await TaskOfAsync(first)}/complete", Approve)).ExpectAsync(HttpStatusCode.OK)),
            ("claimed from an offer", async () => await (await expert.PostAsync($"/api/tasks/{await TaskOfAsync(offered)}/claim", null)).ExpectAsync(HttpStatusCode.OK)),
            ("urged", async () => await (await drafter.PostJsonAsync($"/api/workflow-instances/{second}/urge", "{}")).ExpectAsync(HttpStatusCode.OK)),
            ("withdrawn", async () =>
                await (await drafter.PostJsonAsync($"/api/workflow-instances/{second}/withdraw", """{ "reason": "材料有误" }""")).ExpectAsync(HttpStatusCode.OK)),
            ("completed after a claim", async () =>
                await (await expert.PostJsonAsync($"/api/tasks/{await TaskOfAsync(offered)}/complete", Approve)).ExpectAsync(HttpStatusCode.OK)),
        };
        foreach (var (name, take) in steps)
        {
            await take();
            var kept = new Dictionary<string, (JsonObject Figures, DateTimeOffset AsOf)>();
            foreach (var (who, client) in viewers)
            {
                kept[who] = await LookAsync(client);
            }
            // A minute on, everything is read again behind the figures kept; nothing in between changes them.
            clock.Advance(TimeSpan.FromMinutes(1));
            foreach (var (who, client) in viewers)
            {
                var (figures, keptAsOf) = kept[who];
                Assert.Equal(keptAsOf, (await LookAsync(client)).AsOf);
                var (full, asOf) = await EventuallyAsync(() => LookAsync(client), seen => seen.AsOf != keptAsOf);
                Assert.True(asOf > keptAsOf, $"{who}'s figures were not read again in full");
                // The weeks' chart moves on at midnight in the office; the rest does not.
                if (asOf.ToOffset(TimeSpan.FromHours(8)).Date != keptAsOf.ToOffset(TimeSpan.FromHours(8)).Date)
                {
                    full.Remove("weeks");
                    figures.Remove("weeks");
                }
                Assert.True(JsonNode.DeepEquals(full, figures), $"after a task was {name}, {who}'s kept figures\n{figures.ToJsonString()}\ndiffer from those read in full\n{full.ToJsonString()}");
            }
        }
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task KeptFigures_FollowTheClock_AsTasksTurnDueSoonAndOverdue_AndCompletedOnesLeaveTheWindow(Provider provider)
    {
        ServerFactory.SkipUnlessAvailable(provider);
        // Whole seconds: PostgreSQL keeps microseconds, and the due instant must be stored as set.
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        await using var server = new ServerFactory(provider) { TestServices = s => s.AddSingleton<TimeProvider>(clock) };
        // Nothing is read again in full during the test: what the figures show as the clock moves is summed up from what was kept.
        server.Settings["Workflows:Dashboard:MaxAge"] = "01:00:00";
        var definitionId = Api.NewId("snap-clock");
        await server.PublishAsync(TaskFlows.OneTask(definitionId, """{ "users": ["expert1"] }"""));
        var (drafter, expert) = (await server.ClientForAsync("drafter"), await server.ClientForAsync("expert1"));
        var viewers = new[] { await server.ClientForAsync("admin"), expert };
        var (open, done) = (await drafter.StartAsync(definitionId), await drafter.StartAsync(definitionId));
        var doneTask = (await (await expert.GetAsync($"/api/tasks?scope=mine&instanceId={done}")).ExpectObjectAsync(HttpStatusCode.OK))["items"]![0]!["id"]!;
        await (await expert.PostJsonAsync($"/api/tasks/{doneTask}/complete", """{ "outcome": "approve", "data": { "opinion": "同意" } }"""))
            .ExpectAsync(HttpStatusCode.OK);

        // Before anyone looks: the open task to turn due soon in 2 minutes and overdue in 4; the completed one to leave the
        // window of step times in 6.
        var start = clock.GetUtcNow();
        string title;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
            title = await db.Tasks.Where(t => t.InstanceId == open).Select(t => t.Title).SingleAsync();
            Assert.Equal(1, await db.Tasks.Where(t => t.InstanceId == open).ExecuteUpdateAsync(s => s
                .SetProperty(t => t.RemindAt, start.AddMinutes(2)).SetProperty(t => t.DueAt, start.AddMinutes(4))));
            Assert.Equal(1, await db.Tasks.Where(t => t.InstanceId == done).ExecuteUpdateAsync(s => s
                .SetProperty(t => t.CreatedAt, start.AddDays(-31)).SetProperty(t => t.ClosedAt, start.AddDays(-Workflows.Server.Dashboard.DashboardFigures.Days).AddMinutes(6))));
        }

        async Task<(string Row, int StepTimes, JsonArray Overdue, DateTimeOffset AsOf)[]> LookAsync(double minutes)
        {
            clock.SetUtcNow(start.AddMinutes(minutes));
            return await Task.WhenAll(viewers.Select(async viewer =>
            {
                var figures = await (await viewer.GetAsync("/api/dashboard")).ExpectObjectAsync(HttpStatusCode.OK);
                var row = figures["byProcedure"]!.AsArray().Select(r => r!.AsObject()).Single(r => (string)r["key"]! == definitionId);
                var stepTimes = figures["stepTimes"]!.AsArray().Count(r => ((string)r!["procedure"]!).Contains(definitionId, StringComparison.Ordinal));
                return ($"{row["open"]}/{row["dueSoon"]}/{row["overdue"]}", stepTimes, figures["overdue"]!.AsArray(), (DateTimeOffset)figures["asOf"]!);
            }));
        }

        var first = await LookAsync(0);
        Assert.All(first, f => Assert.Equal(("1/0/0", 1, 0), (f.Row, f.StepTimes, f.Overdue.Count)));

        // Renamed behind the server's back: the figures below keep the title they read, so they were not read again.
        await using (var scope = server.Services.CreateAsyncScope())
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>().Tasks.Where(t => t.InstanceId == open)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.Title, "改名")));
        }

        // Nothing turned yet: the figures are served as they were.
        Assert.Equal(first.Select(f => f.AsOf), (await LookAsync(1)).Select(f => f.AsOf));

        var dueSoon = await LookAsync(3);
        Assert.All(dueSoon.Zip(first), f => Assert.Equal(("1/1/0", 1, true), (f.First.Row, f.First.StepTimes, f.First.AsOf > f.Second.AsOf)));

        // At the due instant a task is not yet overdue; just past it, it is, and listed under the title read.
        Assert.All(await LookAsync(4), f => Assert.Equal("1/1/0", f.Row));
        var overdue = await LookAsync(4.001);
        Assert.All(overdue, f => Assert.Equal(("1/0/1", 1, title), (f.Row, f.StepTimes, (string)f.Overdue.Single()!["title"]!)));

        Assert.All(await LookAsync(7), f => Assert.Equal(("1/0/1", 0), (f.Row, f.StepTimes)));
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task StepTimes_AreTheAverageAndNinetiethPercentile_OfWorkingDaysFromCreatedToCompleted(Provider provider)
    {
        ServerFactory.SkipUnlessAvailable(provider);
        await using var server = new ServerFactory(provider);
        var definitionId = Api.NewId("snap-times");
        await server.PublishAsync(TaskFlows.OneTask(definitionId, """{ "users": ["expert1"] }"""));
        var (drafter, expert) = (await server.ClientForAsync("drafter"), await server.ClientForAsync("expert1"));
        int[] calendarDaysTaken = [0, 1, 2, 3, 4, 6, 7, 9, 14, 21];
        foreach (var _ in calendarDaysTaken)
        {
            var instanceId = await drafter.StartAsync(definitionId);
            var task = (await (await expert.GetAsync($"/api/tasks?scope=mine&instanceId={instanceId}")).ExpectObjectAsync(HttpStatusCode.OK))["items"]![0]!;
            await (await expert.PostJsonAsync($"/api/tasks/{task["id"]}/complete", """{ "outcome": "approve", "data": { "opinion": "同意" } }"""))
                .ExpectAsync(HttpStatusCode.OK);
        }

        // Each task as if created that many days before it was completed, counted in working days by the office's calendar.
        List<int> expected = [];
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
            var (calendar, deadlines) = (scope.ServiceProvider.GetRequiredService<IWorkingDayCalendar>(), scope.ServiceProvider.GetRequiredService<DeadlineCalculator>());
            var tasks = await db.Tasks.Where(t => t.DefinitionId == definitionId).OrderBy(t => t.Id).ToListAsync();
            foreach (var (task, days) in tasks.Zip(calendarDaysTaken))
            {
                var created = task.ClosedAt!.Value.AddDays(-days);
                Assert.Equal(1, await db.Tasks.Where(t => t.Id == task.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.CreatedAt, created)));
                expected.Add(calendar.WorkingDaysBetween(deadlines.LocalDate(created), deadlines.LocalDate(task.ClosedAt.Value)));
            }
        }
        expected.Sort();
        Assert.True(expected.Distinct().Count() >= 5, $"the durations should differ: {string.Join(", ", expected)}");

        var dashboard = await (await (await server.ClientForAsync("admin")).GetAsync("/api/dashboard")).ExpectObjectAsync(HttpStatusCode.OK);
        var row = dashboard["stepTimes"]!.AsArray().Select(r => r!.AsObject()).Single(r => ((string)r["procedure"]!).Contains(definitionId, StringComparison.Ordinal));
        Assert.Equal(10, (int)row["completed"]!);
        Assert.Equal(expected.Average(), (double)row["averageWorkingDays"]!, 9);
        // Nearest rank: the ninth of ten, the fewest days nine in ten tasks took at most.
        Assert.Equal(expected[8], (double)row["p90WorkingDays"]!);
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

    /// <summary>
    /// From <see cref="HoldNext"/>, holds up the next queries of when matters started (a full read asks it after reading
    /// the tasks) until <see cref="Release"/>.
    /// </summary>
    private sealed class MattersStartedReads : DbCommandInterceptor
    {
        private TaskCompletionSource? _release;
        private int _toHold;
        private int _held;
        private int _asked;

        /// <summary>How many queries have been held up.</summary>
        public int Held => Volatile.Read(ref _held);

        /// <summary>How many queries of when matters started have been asked, held or not.</summary>
        public int Asked => Volatile.Read(ref _asked);

        public void HoldNext(int queries)
        {
            _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _toHold, queries);
        }

        public void Release() => _release?.TrySetResult();

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (!command.CommandText.Contains("FROM \"WorkflowInstances\"", StringComparison.Ordinal)
                || !command.CommandText.Contains("\"CreatedAt\" >=", StringComparison.Ordinal))
            {
                return result;
            }
            Interlocked.Increment(ref _asked);
            if (_release is { } release && Interlocked.Decrement(ref _toHold) >= 0)
            {
                Interlocked.Increment(ref _held);
                await release.Task.WaitAsync(cancellationToken);
            }
            return result;
        }
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
