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
        var drafter = await server.ClientForAsync("drafter");
        await drafter.StartAsync(definitionId);
        await drafter.StartAsync(definitionId);

        var mine = await ProcedureRowAsync(await server.ClientForAsync("expert1"), definitionId);
        Assert.NotNull(mine);
        Assert.Equal(2, (int)mine["open"]!);
        Assert.Equal(0, (int)mine["overdue"]!);
        var all = await ProcedureRowAsync(await server.ClientForAsync("admin"), definitionId);
        Assert.Equal(2, (int)all!["open"]!);
        Assert.Null(await ProcedureRowAsync(await server.ClientForAsync("expert2"), definitionId));

        using var anonymous = server.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/dashboard")).StatusCode);
    }
}
