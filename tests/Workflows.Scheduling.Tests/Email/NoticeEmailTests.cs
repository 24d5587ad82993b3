using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using Workflows.Core.Runtime;
using Workflows.Persistence.Instances;

namespace Workflows.Scheduling.Tests.Email;

/// <summary>
/// The messages the engine sends by itself (待办, 退回, 环节办结, 抄送, 办结), delivered to a real SMTP server: who gets
/// each, and what it says, with every inserted value HTML-escaped.
/// </summary>
public sealed class NoticeEmailTests(ServerWithMailbox shared) : IClassFixture<ServerWithMailbox>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private const string Demo = "@demo.workflows.local";

    private async Task<(string DefinitionId, string Title, string InstanceId)> StartAsync(string result = "已核")
    {
        var definitionId = Flows.NewId("notice");
        var title = $"控烟<办法>&{Guid.NewGuid():N}"[..20];
        await shared.Server.PublishAsync(Flows.Notices(definitionId, result));
        var drafter = await shared.Server.ClientForAsync("drafter");
        var started = await SchedulingServer.Expect(await drafter.PostAsync("/api/workflow-instances",
            SchedulingServer.Json(new JsonObject { ["definitionId"] = definitionId, ["input"] = new JsonObject { ["title"] = title } }.ToJsonString())), HttpStatusCode.Created);
        return (definitionId, title, (string)started["id"]!);
    }

    private async Task<string> TaskIdAsync(string user, string instanceId, string scope = "candidate")
    {
        var client = await shared.Server.ClientForAsync(user);
        var page = await SchedulingServer.Expect(await client.GetAsync($"/api/tasks?scope={scope}&instanceId={instanceId}"), HttpStatusCode.OK);
        return (string)page["items"]![0]!["id"]!;
    }

    private async Task ActAsync(string user, string taskId, string action, object body)
    {
        var client = await shared.Server.ClientForAsync(user);
        await SchedulingServer.Expect(await client.PostAsync($"/api/tasks/{taskId}/{action}", SchedulingServer.Json(System.Text.Json.JsonSerializer.Serialize(body))), HttpStatusCode.OK);
    }

    private async Task<MimeMessage> OneAsync(string subjectStart, string definitionId, Func<MimeMessage, bool>? and = null) =>
        (await shared.Mailbox.WaitForAsync(m => (m.Subject ?? "").StartsWith(subjectStart, StringComparison.Ordinal)
            && (m.Subject ?? "").Contains(definitionId, StringComparison.Ordinal) && (and?.Invoke(m) ?? true), 1, Patience)).Single();

    private static IReadOnlyList<string> To(MimeMessage message) => [.. message.To.Mailboxes.Select(m => m.Address).Order(StringComparer.Ordinal)];

    private static void NamesTheMatter(MimeMessage message, string definitionId, string title, string step)
    {
        Assert.Contains($"通知 {definitionId}", message.Subject);
        Assert.Contains(title, message.Subject);
        Assert.Contains(WebUtility.HtmlEncode(title), message.HtmlBody);
        Assert.DoesNotContain(title, message.HtmlBody);
        Assert.Contains(step, message.HtmlBody);
    }

    [Fact]
    public async Task ManyMattersStartedAtOnce_EveryNoticeIsSent()
    {
        // More bursts than one send job carries: the e-mails committed together are split over several jobs, none lost.
        const int matters = 45;
        var definitionId = Flows.NewId("many");
        await shared.Server.PublishAsync(Flows.Notices(definitionId, "已核"));
        var drafter = await shared.Server.ClientForAsync("drafter");
        var started = await Task.WhenAll(Enumerable.Range(0, matters).Select(async i =>
        {
            var body = new JsonObject { ["definitionId"] = definitionId, ["input"] = new JsonObject { ["title"] = $"批量{i}号" } };
            var created = await SchedulingServer.Expect(await drafter.PostAsync("/api/workflow-instances", SchedulingServer.Json(body.ToJsonString())), HttpStatusCode.Created);
            return (string)created["id"]!;
        }));

        var notices = await shared.Mailbox.WaitForAsync(m => (m.Subject ?? "").StartsWith("【待办】", StringComparison.Ordinal)
            && (m.Subject ?? "").Contains(definitionId, StringComparison.Ordinal), matters, TimeSpan.FromSeconds(60));
        Assert.Equal(matters, notices.Count);
        Assert.All(Enumerable.Range(0, matters), i => Assert.Single(notices, m => m.Subject!.Contains($"批量{i}号", StringComparison.Ordinal)));
        var unsent = -1;
        for (var wait = 0; wait < 50 && unsent != 0; wait++)
        {
            await Task.Delay(wait == 0 ? 0 : 200);
            unsent = await shared.Server.QueryAsync(db => db.Outbox.CountAsync(o =>
                started.Contains(o.InstanceId) && o.Kind == SideEffectKinds.Email && o.State != OutboxState.Sent));
        }
        Assert.Equal(0, unsent);
    }

    [Fact]
    public async Task NewTask_DelegatedAndCoSigned_EachNewHandlerIsToldWithALinkToTheTask()
    {
        var (definitionId, title, instanceId) = await StartAsync();
        var taskId = await TaskIdAsync("expert1", instanceId);

        var assigned = await OneAsync("【待办】", definitionId);
        Assert.Equal([$"expert1{Demo}", $"expert2{Demo}"], To(assigned));
        NamesTheMatter(assigned, definitionId, title, "专家审查");
        Assert.Contains($"{SchedulingServer.PublicUrl}/tasks/{taskId}", assigned.HtmlBody);

        await ActAsync("expert1", taskId, "claim", new { });
        await ActAsync("expert1", taskId, "add-signer", new { userName = "health-clerk", comment = "请会签" });
        await ActAsync("expert1", taskId, "delegate", new { userName = "health-head", comment = "请代为审查" });

        var added = await OneAsync("【待办】", definitionId, m => m.To.Mailboxes.Any(a => a.Address == $"health-clerk{Demo}"));
        var delegated = await OneAsync("【待办】", definitionId, m => m.To.Mailboxes.Any(a => a.Address == $"health-head{Demo}"));
        Assert.Equal([$"health-clerk{Demo}"], To(added));
        Assert.Equal([$"health-head{Demo}"], To(delegated));
        Assert.Contains($"{SchedulingServer.PublicUrl}/tasks/{taskId}", delegated.HtmlBody);
    }

    [Fact]
    public async Task ReturnedThenApprovedAndFinished_TheStarterHearsEachAndTheCcIsCopied()
    {
        var (definitionId, title, instanceId) = await StartAsync("已核<通过>");
        var reviewId = await TaskIdAsync("expert1", instanceId);
        await ActAsync("expert1", reviewId, "claim", new { });
        await ActAsync("expert1", reviewId, "complete", new { outcome = "return", comment = "<b>依据</b>不足" });

        var returned = await OneAsync("【退回】", definitionId);
        Assert.Equal([$"drafter{Demo}"], To(returned));
        NamesTheMatter(returned, definitionId, title, "专家审查");
        Assert.Contains("&lt;b&gt;依据&lt;/b&gt;不足", returned.HtmlBody);
        Assert.DoesNotContain("<b>依据", returned.HtmlBody);
        Assert.Contains("郑专家", returned.HtmlBody);
        Assert.Contains($"{SchedulingServer.PublicUrl}/instances/{instanceId}", returned.HtmlBody);
        var copied = await OneAsync("【抄送】", definitionId);
        Assert.Equal([$"health-head{Demo}"], To(copied));
        Assert.Contains("退回修改", copied.Subject);
        NamesTheMatter(copied, definitionId, title, "专家审查");

        await ActAsync("drafter", await TaskIdAsync("drafter", instanceId, "mine"), "complete", new { outcome = "resubmit" });
        var secondReview = await TaskIdAsync("expert2", instanceId);
        await ActAsync("expert2", secondReview, "claim", new { });
        await ActAsync("expert2", secondReview, "complete", new { outcome = "approve", comment = "同意" });

        var completed = await OneAsync("【环节办结】", definitionId);
        Assert.Equal([$"drafter{Demo}"], To(completed));
        Assert.Contains("同意", completed.Subject);
        NamesTheMatter(completed, definitionId, title, "专家审查");
        Assert.Equal(2, (await shared.Mailbox.WaitForAsync(m => (m.Subject ?? "").StartsWith("【抄送】") && (m.Subject ?? "").Contains(definitionId), 2, Patience)).Count);

        await ActAsync("health-clerk", await TaskIdAsync("health-clerk", instanceId, "mine"), "complete", new { outcome = "signed" });
        var finished = await OneAsync("【办结】", definitionId);
        Assert.Equal([$"drafter{Demo}"], To(finished));
        Assert.Contains("已核<通过>", finished.Subject);
        Assert.Contains("已核&lt;通过&gt;", finished.HtmlBody);
        Assert.Contains(WebUtility.HtmlEncode(title), finished.HtmlBody);
        Assert.Contains($"{SchedulingServer.PublicUrl}/instances/{instanceId}", finished.HtmlBody);

        await Task.Delay(TimeSpan.FromSeconds(2));
        var all = shared.Mailbox.Messages.Where(m => (m.Subject ?? "").Contains(definitionId)).ToList();
        // The last step's completion is told by the 办结 message alone; the drafter's own resubmission by nothing.
        Assert.Single(all, m => m.Subject!.StartsWith("【环节办结】"));
        Assert.Equal(["drafter", "expert1,expert2", "expert1,expert2", "health-clerk"],
            all.Where(m => m.Subject!.StartsWith("【待办】")).Select(m => string.Join(",", To(m).Select(a => a[..a.IndexOf('@')]))).Order(StringComparer.Ordinal));
    }
}
