using System.Net;

namespace Workflows.Scheduling.Tests.Deadlines;

/// <summary>Two app nodes on one database, both running Hangfire: each timer fires once and each e-mail goes once.</summary>
public sealed class TwoNodeTests
{
    [SkippableTheory]
    [MemberData(nameof(SchedulingServer.Providers), MemberType = typeof(SchedulingServer))]
    public async Task TwoNodesRunningTogether_EachTimerFiresOnce_AndEachEmailGoesOnce(Provider provider)
    {
        SchedulingServer.SkipUnlessAvailable(provider);
        var port = SchedulingServer.FreePort();
        using var mailbox = new Mailbox(port);
        await using var nodeA = new SchedulingServer(provider, port);
        await using var nodeB = new SchedulingServer(nodeA);
        var tag = Guid.NewGuid().ToString("N");
        var definitionId = Flows.NewId("twonodes");
        await nodeA.PublishAsync(Flows.DelayThenMail(definitionId, "PT3S", "someone@example.gov.cn", $"两个节点 {tag}"));
        var drafterA = await nodeA.ClientForAsync("drafter");
        var drafterB = await nodeB.ClientForAsync("drafter");
        var instances = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            instances.Add(await nodeA.StartAsync(drafterA, definitionId));
            instances.Add(await nodeB.StartAsync(drafterB, definitionId));
        }

        await mailbox.WaitForAsync(m => (m.Subject ?? "").Contains(tag, StringComparison.Ordinal), instances.Count, TimeSpan.FromSeconds(60));
        await Task.Delay(TimeSpan.FromSeconds(3));

        Assert.Equal(instances.Count, mailbox.Messages.Count(m => (m.Subject ?? "").Contains(tag, StringComparison.Ordinal)));
        Assert.Equal(instances.Count, mailbox.Messages.Where(m => (m.Subject ?? "").Contains(tag, StringComparison.Ordinal)).Select(m => m.MessageId).Distinct().Count());
        foreach (var instanceId in instances)
        {
            var journal = await SchedulingServer.Expect(await drafterB.GetAsync($"/api/workflow-instances/{instanceId}/journal"), HttpStatusCode.OK);
            Assert.Single(journal["items"]!.AsArray(), e => (string)e!["event"]! == "ActivityResumed" && (string?)e["activityId"] == "wait");
        }
    }
}
