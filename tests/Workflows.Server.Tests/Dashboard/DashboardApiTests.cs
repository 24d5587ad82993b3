using System.Net;
using System.Text.Json.Nodes;
using Workflows.Server.Tests.Tasks;

namespace Workflows.Server.Tests.Dashboard;

/// <summary>GET /api/dashboard: the dashboard page's figures, limited to what the caller may see.</summary>
public sealed class DashboardApiTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private static async Task<JsonObject?> ProcedureRowAsync(HttpClient client, string definitionId)
    {
        var dashboard = await (await client.GetAsync("/api/dashboard")).ExpectObjectAsync(HttpStatusCode.OK);
        return dashboard["byProcedure"]!.AsArray().Select(r => r!.AsObject()).SingleOrDefault(r => (string)r["key"]! == definitionId);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task OpenWork_IsCountedForItsAssigneeAndTheAdministrator_NotForOthers(Provider provider)
    {
        var server = shared.For(provider);
        var definitionId = Api.NewId("dash");
        await server.PublishAsync(TaskFlows.OneTask(definitionId, """{ "users": ["expert1"] }"""));
        var admin = await server.ClientForAsync("admin");
        var weekBefore = (await (await admin.GetAsync("/api/dashboard")).ExpectObjectAsync(HttpStatusCode.OK))["weeks"]!.AsArray()[^1]!;
        var drafter = await server.ClientForAsync("drafter");
        await drafter.StartAsync(definitionId);
        await drafter.StartAsync(definitionId);

        // The administrator's weekly chart counts every matter of the office: two more started this week, none finished.
        var weekAfter = (await (await admin.GetAsync("/api/dashboard")).ExpectObjectAsync(HttpStatusCode.OK))["weeks"]!.AsArray()[^1]!;
        Assert.Equal((int)weekBefore["started"]! + 2, (int)weekAfter["started"]!);
        Assert.Equal((int)weekBefore["finished"]!, (int)weekAfter["finished"]!);

        var mine = await ProcedureRowAsync(await server.ClientForAsync("expert1"), definitionId);
        Assert.NotNull(mine);
        Assert.Equal(2, (int)mine["open"]!);
        Assert.Equal(0, (int)mine["overdue"]!);
        var all = await ProcedureRowAsync(admin, definitionId);
        Assert.Equal(2, (int)all!["open"]!);
        Assert.Null(await ProcedureRowAsync(await server.ClientForAsync("expert2"), definitionId));

        using var anonymous = server.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/dashboard")).StatusCode);
    }

    private const string Approve = """{ "outcome": "approve", "data": { "opinion": "同意" } }""";

    /// <summary>A workload row as "key open/dueSoon/overdue", so a whole table compares in one assertion.</summary>
    private static List<string> Rows(JsonObject dashboard, string table, IReadOnlyCollection<string> keys) =>
        [.. dashboard[table]!.AsArray().Select(r => r!.AsObject()).Where(r => keys.Contains((string)r["key"]!))
            .Select(r => $"{r["key"]} {r["open"]}/{r["dueSoon"]}/{r["overdue"]}")];

    private static async Task<string> OpenTaskAsync(HttpClient admin, string instanceId) =>
        (string)Assert.Single((await (await admin.GetAsync($"/api/tasks?scope=all&instanceId={instanceId}")).ExpectObjectAsync(HttpStatusCode.OK))["items"]!.AsArray())!["id"]!;

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task EachPerson_SeesTheWorkThatReachesThem_TheirReports_TheirRolesUnclaimedOffers_AndTheirDepartments(Provider provider)
    {
        var server = shared.For(provider);
        var admin = await server.ClientForAsync("admin");
        // People of their own, so everything on their dashboards was made here: a signer and their supervisor, two
        // holders of a role, a member of a department work is offered to, and a stranger to all of it.
        var (signers, offices, strangers) = (Api.NewId("dash-signers"), Api.NewId("dash-office"), Api.NewId("dash-strangers"));
        var (role, otherRole) = (Api.NewId("dash-role"), Api.NewId("dash-other"));
        var rolesDepartment = Api.NewId("dash-role-dept");
        foreach (var code in new[] { signers, offices, strangers, rolesDepartment })
        {
            await (await admin.PostJsonAsync("/api/org/departments", $$"""{ "code": "{{code}}", "name": "名称 {{code}}" }""")).ExpectAsync(HttpStatusCode.Created);
        }
        foreach (var name in new[] { role, otherRole })
        {
            await (await admin.PostJsonAsync("/api/org/roles", $$"""{ "name": "{{name}}", "displayName": "角色 {{name}}" }""")).ExpectAsync(HttpStatusCode.Created);
        }
        async Task<string> PersonAsync(string department, string? supervisor = null, string? roleName = null)
        {
            var userName = Api.NewId("dash-user");
            var body = new JsonObject
            {
                ["userName"] = userName,
                ["displayName"] = userName,
                ["password"] = Setup.UserPassword,
                ["department"] = department,
                ["supervisor"] = supervisor,
                ["roles"] = new JsonArray([.. new[] { roleName }.OfType<string>().Select(r => JsonValue.Create(r))]),
            };
            await (await admin.PostJsonAsync("/api/org/users", body.ToJsonString())).ExpectAsync(HttpStatusCode.Created);
            return userName;
        }
        var boss = await PersonAsync(signers);
        var signer = await PersonAsync(signers, supervisor: boss);
        var cosigner = await PersonAsync(signers);
        var holder = await PersonAsync(rolesDepartment, roleName: role);
        var colleague = await PersonAsync(rolesDepartment, roleName: role);
        var member = await PersonAsync(offices);
        var stranger = await PersonAsync(strangers, roleName: otherRole);

        var (direct, offered, toOffice, together) = (Api.NewId("dash-direct"), Api.NewId("dash-offered"), Api.NewId("dash-to-office"), Api.NewId("dash-together"));
        await server.PublishAsync(TaskFlows.OneTask(direct, $$"""{ "users": ["{{signer}}"] }""", due: "\"2020-01-06T09:00:00+08:00\""));
        await server.PublishAsync(TaskFlows.OneTask(offered, $$"""{ "roles": ["{{role}}"] }"""));
        await server.PublishAsync(TaskFlows.OneTask(toOffice, $$"""{ "departments": ["{{offices}}"] }"""));
        await server.PublishAsync(TaskFlows.OneTask(together, $$"""{ "users": ["{{signer}}", "{{cosigner}}"] }""", mode: "all"));
        var drafter = await server.ClientForAsync("drafter");
        var late = await drafter.StartAsync(direct);
        var done = await drafter.StartAsync(direct);
        var unclaimed = await drafter.StartAsync(offered);
        var claimed = await drafter.StartAsync(offered);
        await drafter.StartAsync(toOffice);
        var countersign = await drafter.StartAsync(together);

        var signerClient = await server.ClientForAsync(signer, Setup.UserPassword);
        await (await signerClient.PostJsonAsync($"/api/tasks/{await OpenTaskAsync(admin, done)}/complete", Approve)).ExpectAsync(HttpStatusCode.OK);
        // The signer's part of the 会签 is done, the task stays open for the cosigner: the signer still sees it.
        await (await signerClient.PostJsonAsync($"/api/tasks/{await OpenTaskAsync(admin, countersign)}/complete", Approve)).ExpectAsync(HttpStatusCode.OK);
        var colleagueClient = await server.ClientForAsync(colleague, Setup.UserPassword);
        await (await colleagueClient.PostAsync($"/api/tasks/{await OpenTaskAsync(admin, claimed)}/claim", null)).ExpectAsync(HttpStatusCode.OK);
        var lateTask = await OpenTaskAsync(admin, late);

        string[] procedures = [direct, offered, toOffice, together];
        string[] departments = [signers, offices, strangers, rolesDepartment];
        var expected = new (string Who, string Person, string[] ByProcedure, string[] ByDepartment, string[] Overdue, string[] StepTimes, int Started, int Finished)[]
        {
            ("signer", signer, [$"{direct} 1/0/1", $"{together} 1/0/0"], [$"{signers} 2/0/1"], [lateTask], ["专家审查 1"], 3, 1),
            // The supervisor sees their report's tasks; the weekly chart counts the matters they may open themselves.
            ("boss", boss, [$"{direct} 1/0/1", $"{together} 1/0/0"], [$"{signers} 2/0/1"], [lateTask], ["专家审查 1"], 0, 0),
            // Claimed by the colleague, the second offer is theirs alone.
            ("holder", holder, [$"{offered} 1/0/0"], [$"{rolesDepartment} 1/0/0"], [], [], 1, 0),
            ("colleague", colleague, [$"{offered} 2/0/0"], [$"{rolesDepartment} 2/0/0"], [], [], 2, 0),
            ("member", member, [$"{toOffice} 1/0/0"], [$"{offices} 1/0/0"], [], [], 1, 0),
            ("stranger", stranger, [], [], [], [], 0, 0),
        };
        foreach (var (who, person, byProcedure, byDepartment, overdue, stepTimes, started, finished) in expected)
        {
            var client = await server.ClientForAsync(person, Setup.UserPassword);
            var dashboard = await (await client.GetAsync("/api/dashboard")).ExpectObjectAsync(HttpStatusCode.OK);
            Assert.True(byProcedure.SequenceEqual(Rows(dashboard, "byProcedure", procedures)), $"{who} byProcedure: {dashboard["byProcedure"]!.ToJsonString()}");
            Assert.True(byDepartment.SequenceEqual(Rows(dashboard, "byDepartment", departments)), $"{who} byDepartment: {dashboard["byDepartment"]!.ToJsonString()}");
            var listed = dashboard["overdue"]!.AsArray().Select(o => o!.AsObject()).ToList();
            Assert.Equal(overdue, listed.Select(o => (string)o["taskId"]!));
            Assert.All(listed, o => Assert.True((int)o["workingDaysOverdue"]! > 0 && (string)o["department"]! == $"名称 {signers}" && (string)o["assignees"]![0]! == signer));
            Assert.Equal(stepTimes, dashboard["stepTimes"]!.AsArray().Select(s => $"{s!["step"]} {s["completed"]}"));
            var weeks = dashboard["weeks"]!.AsArray();
            Assert.Equal(8, weeks.Count);
            // Nothing of theirs is older than this week.
            Assert.True((started, finished) == ((int)weeks[^1]!["started"]!, (int)weeks[^1]!["finished"]!), $"{who} weeks: {weeks.ToJsonString()}");
            Assert.Equal((started, finished), (weeks.Sum(w => (int)w!["started"]!), weeks.Sum(w => (int)w!["finished"]!)));
        }
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task TheOverdueList_ShowsTheMostOverdueUpToTheLimitAsked_AndCountsThemAll(Provider provider)
    {
        var server = shared.For(provider);
        var admin = await server.ClientForAsync("admin");
        var (person, client) = await server.NewUserAsync();
        var drafter = await server.ClientForAsync("drafter");
        // Two tasks at one step due in 2020 and one at another step due in 2021: the 2020 ones are the most working days late.
        var (earlier, later) = (Api.NewId("dash-late-a"), Api.NewId("dash-late-b"));
        await server.PublishAsync(TaskFlows.OneTask(earlier, $$"""{ "users": ["{{person}}"] }""", due: "\"2020-01-06T09:00:00+08:00\""));
        await server.PublishAsync(TaskFlows.OneTask(later, $$"""{ "users": ["{{person}}"] }""", due: "\"2021-03-01T09:00:00+08:00\""));
        string[] mostLate = [await OpenTaskAsync(admin, await drafter.StartAsync(earlier)), await OpenTaskAsync(admin, await drafter.StartAsync(earlier))];
        var leastLate = await OpenTaskAsync(admin, await drafter.StartAsync(later));

        var two = await (await client.GetAsync("/api/dashboard?overdueLimit=2")).ExpectObjectAsync(HttpStatusCode.OK);
        Assert.Equal(mostLate.Order(), two["overdue"]!.AsArray().Select(o => (string)o!["taskId"]!).Order());
        Assert.Equal(3, (int)two["overdueTotal"]!);
        // Counted by step over all three, listed or not.
        Assert.Equal([$"审查 {earlier} 专家审查 2", $"审查 {later} 专家审查 1"], two["overdueSteps"]!.AsArray().Select(o => $"{o!["procedure"]} {o["step"]} {o["count"]}"));

        // The two 2020 tasks fall due at the same moment: their ids decide which one a list of one shows, every time.
        var one = await (await client.GetAsync("/api/dashboard?overdueLimit=1")).ExpectObjectAsync(HttpStatusCode.OK);
        Assert.Equal([mostLate.Min(StringComparer.Ordinal)], one["overdue"]!.AsArray().Select(o => (string)o!["taskId"]!));

        var all = await (await client.GetAsync("/api/dashboard")).ExpectObjectAsync(HttpStatusCode.OK);
        var listed = all["overdue"]!.AsArray().Select(o => o!.AsObject()).ToList();
        Assert.Equal(3, listed.Count);
        Assert.Equal(leastLate, (string)listed[^1]["taskId"]!);
        Assert.True((int)listed[0]["workingDaysOverdue"]! > (int)listed[^1]["workingDaysOverdue"]!);
        Assert.Equal(3, (int)all["overdueTotal"]!);

        foreach (var wrong in new[] { "0", "1001", "-5" })
        {
            var refused = await (await client.GetAsync($"/api/dashboard?overdueLimit={wrong}")).ExpectObjectAsync(HttpStatusCode.BadRequest);
            Assert.True(refused["errors"]!.AsObject().ContainsKey("overdueLimit"), refused.ToJsonString());
        }
    }
}
