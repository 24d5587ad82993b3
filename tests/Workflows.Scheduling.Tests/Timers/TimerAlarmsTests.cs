using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Core.Runtime;
using Workflows.Scheduling.Timers;

namespace Workflows.Scheduling.Tests.Timers;

/// <summary>
/// The in-process alarm of the node that planned a timer, beside the Hangfire tick that remains the durable path.
/// A server whose Hangfire polls once an hour (and sweeps only what is an hour late) can fire a timer only by its alarm.
/// </summary>
public sealed class TimerAlarmsTests
{
    private static readonly Dictionary<string, string> HangfireAsleep = new()
    {
        ["Workflows:Scheduling:SchedulePollingInterval"] = "01:00:00",
        ["Workflows:Scheduling:SweepAfter"] = "01:00:00",
    };

    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(120);

    [SkippableTheory]
    [MemberData(nameof(SchedulingServer.Providers), MemberType = typeof(SchedulingServer))]
    public async Task ATimerThisNodePlanned_FiresFromItsAlarm_WithoutHangfire(Provider provider)
    {
        SchedulingServer.SkipUnlessAvailable(provider);
        await using var server = new SchedulingServer(provider, SchedulingServer.FreePort()) { WithoutSmtp = true, Settings = HangfireAsleep };
        var definitionId = Flows.NewId("alarm");
        await server.PublishAsync(Flows.Delay(definitionId, "PT2S"));
        var instanceId = await server.StartAsync(await server.ClientForAsync("drafter"), definitionId);

        Assert.Equal(WorkflowStatus.Completed, await WaitForStatusAsync(server, instanceId, WorkflowStatus.Completed));
        Assert.Equal(1, await ResumesAsync(server, instanceId));
        Assert.Equal(0, await server.QueryAsync(db => db.Timers.CountAsync(t => t.InstanceId == instanceId)));
    }

    [SkippableTheory]
    [MemberData(nameof(SchedulingServer.Providers), MemberType = typeof(SchedulingServer))]
    public async Task TimersFiredByTheAlarm_AndByTicksOfThisAndAnotherNodeAtOnce_FireOnce(Provider provider)
    {
        SchedulingServer.SkipUnlessAvailable(provider);
        await using var server = new SchedulingServer(provider, SchedulingServer.FreePort()) { WithoutSmtp = true };
        var definitionId = Flows.NewId("race");
        await server.PublishAsync(Flows.Delay(definitionId, "PT3S"));
        var drafter = await server.ClientForAsync("drafter");
        var instances = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            instances.Add(await server.StartAsync(drafter, definitionId));
        }

        // Another node's tick (its own memory of what it is firing), run over and over while the timers fall due, beside
        // this node's alarm and its Hangfire tick: only the database can keep them from firing a timer twice.
        using var stop = new CancellationTokenSource();
        var otherNode = ActivatorUtilities.CreateInstance<TimerTickJob>(server.Services, new TimersInFlight());
        var rival = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await otherNode.FireDueAsync(DateTimeOffset.UtcNow, CancellationToken.None);
                await Task.Delay(20, CancellationToken.None);
            }
        });
        foreach (var instanceId in instances)
        {
            Assert.Equal(WorkflowStatus.Completed, await WaitForStatusAsync(server, instanceId, WorkflowStatus.Completed));
        }
        await stop.CancelAsync();
        await rival;

        foreach (var instanceId in instances)
        {
            Assert.Equal(1, await ResumesAsync(server, instanceId));
        }
    }

    [SkippableTheory]
    [MemberData(nameof(SchedulingServer.Providers), MemberType = typeof(SchedulingServer))]
    public async Task ANodeThatPlannedATimerAndStopped_LeavesItToTheHangfireTick(Provider provider)
    {
        SchedulingServer.SkipUnlessAvailable(provider);
        var definitionId = Flows.NewId("fallback");
        await using var planner = new SchedulingServer(provider, SchedulingServer.FreePort()) { WithoutSmtp = true };
        await planner.PublishAsync(Flows.Delay(definitionId, "PT4S"));
        var instanceId = await planner.StartAsync(await planner.ClientForAsync("drafter"), definitionId);
        await planner.StopAsync();

        // Nothing was planned on this node, and the sweep waits an hour: only the tick job the planner scheduled is left.
        await using var survivor = new SchedulingServer(planner)
        {
            WithoutSmtp = true,
            Settings = new Dictionary<string, string> { ["Workflows:Scheduling:SweepAfter"] = "01:00:00" },
        };
        survivor.CreateClient().Dispose();

        Assert.Equal(WorkflowStatus.Completed, await WaitForStatusAsync(survivor, instanceId, WorkflowStatus.Completed));
        Assert.Equal(1, await ResumesAsync(survivor, instanceId));
    }

    [SkippableTheory]
    [MemberData(nameof(SchedulingServer.Providers), MemberType = typeof(SchedulingServer))]
    public async Task ATimerCancelledBeforeItIsDue_IsNotFiredByTheAlarm(Provider provider)
    {
        SchedulingServer.SkipUnlessAvailable(provider);
        await using var server = new SchedulingServer(provider, SchedulingServer.FreePort()) { WithoutSmtp = true, Settings = HangfireAsleep };
        var definitionId = Flows.NewId("cancelled");
        await server.PublishAsync(Flows.Delay(definitionId, "PT2S"));
        var drafter = await server.ClientForAsync("drafter");
        var cancelled = await server.StartAsync(drafter, definitionId);
        var kept = await server.StartAsync(drafter, definitionId);
        await server.Services.GetRequiredService<WorkflowEngine>().CancelAsync(cancelled, "no longer needed", "admin");

        // The kept instance's timer was due after the cancelled one's, so once it has fired, the alarm for both has rung.
        Assert.Equal(WorkflowStatus.Completed, await WaitForStatusAsync(server, kept, WorkflowStatus.Completed));
        Assert.Equal(WorkflowStatus.Cancelled, await server.QueryAsync(db => db.Instances.Where(i => i.Id == cancelled).Select(i => i.Status).SingleAsync()));
        Assert.Equal(0, await ResumesAsync(server, cancelled));
    }

    private static async Task<WorkflowStatus> WaitForStatusAsync(SchedulingServer server, string instanceId, WorkflowStatus expected)
    {
        var deadline = DateTime.UtcNow + Generous;
        while (true)
        {
            var status = await server.QueryAsync(db => db.Instances.Where(i => i.Id == instanceId).Select(i => i.Status).SingleAsync());
            if (status == expected || DateTime.UtcNow > deadline)
            {
                return status;
            }
            await Task.Delay(200);
        }
    }

    private static Task<int> ResumesAsync(SchedulingServer server, string instanceId) =>
        server.QueryAsync(db => db.Journal.CountAsync(j => j.InstanceId == instanceId && j.ActivityId == "wait" && j.Event == JournalEvents.ActivityResumed));
}
