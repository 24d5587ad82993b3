using System.Net;
using System.Text.Json.Nodes;
using Workflows.Server.Tests.Tasks;

namespace Workflows.Server.Tests.Calendar;

public sealed class CalendarApiTests(SharedServer shared) : IClassFixture<SharedServer>
{
    [SkippableTheory]
    [InlineData(Provider.Sqlite, "2025-09-26", 5, "2025-10-10")]
    [InlineData(Provider.Sqlite, "2025-12-31", 1, "2026-01-04")]
    [InlineData(Provider.Sqlite, "2026-02-12", 5, "2026-02-26")]
    [InlineData(Provider.Sqlite, "2026-09-30", 5, "2026-10-13")]
    [InlineData(Provider.PostgreSql, "2026-09-30", 5, "2026-10-13")]
    public async Task AddWorkingDays_CountsOnTheShippedStatutoryCalendar(Provider provider, string from, int days, string expected)
    {
        var client = await shared.For(provider).ClientForAsync("drafter");

        var answer = await (await client.GetAsync($"/api/calendar/add-working-days?from={from}&days={days}")).ExpectObjectAsync(HttpStatusCode.OK);

        Assert.Equal(expected, (string)answer["date"]!);
        Assert.False((bool)answer["provisional"]!);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task AddWorkingDays_IntoAYearWithoutData_IsProvisional_AndBadInputIsNamed(Provider provider)
    {
        var client = await shared.For(provider).ClientForAsync("drafter");

        var answer = await (await client.GetAsync("/api/calendar/add-working-days?from=2045-12-28&days=3")).ExpectObjectAsync(HttpStatusCode.OK);
        await (await client.GetAsync("/api/calendar/add-working-days?from=30.12.2030&days=3")).ExpectProblemAsync(HttpStatusCode.BadRequest, "30.12.2030");

        Assert.True((bool)answer["provisional"]!);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task Years_AreReadByAll_WrittenByAdministrators_AndCheckedForMistakes(Provider provider)
    {
        var server = shared.For(provider);
        var drafter = await server.ClientForAsync("drafter");
        var admin = await server.ClientForAsync("admin");
        const string Year2038 = """{ "holidays": [ { "date": "2038-01-01", "name": "元旦" } ], "makeUpWorkdays": [ { "date": "2038-01-02", "name": "元旦" } ] }""";

        var shipped = await (await drafter.GetAsync("/api/calendar/years/2026")).ExpectObjectAsync(HttpStatusCode.OK);
        Assert.Contains(shipped["makeUpWorkdays"]!.AsArray(), d => (string)d!["date"]! == "2026-01-04");
        var missing = await (await drafter.GetAsync("/api/calendar/years/2038")).ExpectProblemAsync(HttpStatusCode.NotFound, "2038");
        Assert.True((bool)missing["provisional"]!);
        await (await drafter.PutJsonAsync("/api/calendar/years/2038", Year2038)).ExpectAsync(HttpStatusCode.Forbidden);
        await (await admin.PutJsonAsync("/api/calendar/years/2038", """{ "holidays": [ { "date": "2039-01-01", "name": "元旦" } ] }"""))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "2039-01-01 is not in 2038");

        // JSON's null where a list or a day belongs is named too, not a server error.
        await (await admin.PutJsonAsync("/api/calendar/years/2038", """{ "holidays": null }"""))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "holidays must be a list of days");
        await (await admin.PutJsonAsync("/api/calendar/years/2038", """{ "holidays": [], "makeUpWorkdays": [ null ] }"""))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "makeUpWorkdays has an empty entry");
        await (await drafter.GetAsync("/api/calendar/years/2038")).ExpectProblemAsync(HttpStatusCode.NotFound, "2038");

        await (await admin.PutJsonAsync("/api/calendar/years/2038", Year2038)).ExpectAsync(HttpStatusCode.OK);

        var answer = await (await drafter.GetAsync("/api/calendar/add-working-days?from=2038-01-01&days=1")).ExpectObjectAsync(HttpStatusCode.OK);
        Assert.Equal("2038-01-02", (string)answer["date"]!);
        Assert.False((bool)answer["provisional"]!);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task AddingAYear_RecomputesTheProvisionalDueDatesOfOpenTasks(Provider provider)
    {
        var server = shared.For(provider);
        var admin = await server.ClientForAsync("admin");
        var definitionId = Api.NewId("far");
        // Today is in a year with data; 1,500 working days later is years beyond the shipped calendar.
        await server.PublishAsync(TaskFlows.OneTask(definitionId, """{ "users": ["expert1"] }""", due: "1500"));
        var drafter = await server.ClientForAsync("drafter");
        var instanceId = await drafter.StartAsync(definitionId);
        var before = Assert.Single((JsonArray)(await (await admin.GetAsync($"/api/tasks?scope=all&instanceId={instanceId}")).ExpectObjectAsync(HttpStatusCode.OK))["items"]!)!;
        Assert.True((bool)before["provisional"]!);
        var dueYear = DateTimeOffset.Parse((string)before["dueAt"]!).Year;

        var years = Enumerable.Range(DateTimeOffset.UtcNow.Year, dueYear - DateTimeOffset.UtcNow.Year + 1);
        foreach (var year in years)
        {
            var existing = await admin.GetAsync($"/api/calendar/years/{year}");
            if (existing.StatusCode == HttpStatusCode.NotFound)
            {
                await (await admin.PutJsonAsync($"/api/calendar/years/{year}", $$"""{ "holidays": [ { "date": "{{year}}-10-01", "name": "国庆节" } ] }""")).ExpectAsync(HttpStatusCode.OK);
            }
        }

        var after = Assert.Single((JsonArray)(await (await admin.GetAsync($"/api/tasks?scope=all&instanceId={instanceId}")).ExpectObjectAsync(HttpStatusCode.OK))["items"]!)!;
        Assert.False((bool)after["provisional"]!);
        var journal = (await (await admin.GetAsync($"/api/workflow-instances/{instanceId}/journal")).ExpectAsync(HttpStatusCode.OK)).AsArray();
        Assert.Contains(journal, e => (string)e!["event"]! == "DeadlinesRecomputed");
    }
}
