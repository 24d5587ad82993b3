using System.Net;
using System.Text.Json.Nodes;
using Workflows.Server.Tests.Tasks;

namespace Workflows.Server.Tests.Operations;

/// <summary>Several app instances behind a load balancer share one database: the database decides every race.</summary>
public sealed class MultiNodeTests
{
    private const string Approve = """{ "outcome": "approve", "data": { "opinion": "同意" } }""";

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task TwoNodesCompletingOneTask_ExactlyOneWins(Provider provider)
    {
        ServerFactory.SkipUnlessAvailable(provider);
        await using var nodeA = new ServerFactory(provider);
        await using var nodeB = new ServerFactory(nodeA);
        var definitionId = Api.NewId("nodes");
        await nodeA.PublishAsync(TaskFlows.OneTask(definitionId, """{ "users": ["expert1"] }"""));
        var instanceId = await (await nodeA.ClientForAsync("drafter")).StartAsync(definitionId);
        var admin = await nodeB.ClientForAsync("admin");
        var taskId = (string)Assert.Single((JsonArray)(await (await admin.GetAsync($"/api/tasks?scope=all&instanceId={instanceId}"))
            .ExpectObjectAsync(HttpStatusCode.OK))["items"]!)!["id"]!;
        var clients = new List<HttpClient>();
        for (var i = 0; i < 5; i++)
        {
            clients.Add(await nodeA.ClientForAsync("expert1"));
            clients.Add(await nodeB.ClientForAsync("expert1"));
        }

        var responses = await Task.WhenAll(clients.Select(c => c.PostJsonAsync($"/api/tasks/{taskId}/complete", Approve)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        var journal = (await (await admin.GetAsync($"/api/workflow-instances/{instanceId}/journal")).ExpectAsync(HttpStatusCode.OK)).AsArray();
        Assert.Single(journal, e => (string)e!["event"]! == "ActivityResumed");
    }
}
