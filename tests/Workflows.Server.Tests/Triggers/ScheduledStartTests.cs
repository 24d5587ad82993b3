using System.Net;
using System.Text.Json.Nodes;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Workflows.Server.Tests.Triggers;

/// <summary>Timer and Cron starts: a Hangfire recurring job (real storage) per published definition, in the office's time zone.</summary>
public sealed class ScheduledStartTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private const string Definitions = "/api/workflow-definitions";

    private static string Scheduled(string definitionId, string type, string input, string value) => $$"""
        {
          "definitionId": "{{definitionId}}", "name": "定时汇总",
          "root": {
            "type": "Flowchart",
            "activities": [
              { "id": "tick", "type": "{{type}}", "inputs": { "{{input}}": { "type": "Literal", "value": "{{value}}" } } },
              { "id": "log", "type": "WriteLine", "inputs": { "text": { "type": "Literal", "value": "汇总" } } },
              { "id": "done", "type": "End" }
            ],
            "connections": [
              { "source": { "activity": "tick", "port": "Done" }, "target": { "activity": "log", "port": "In" } },
              { "source": { "activity": "log", "port": "Done" }, "target": { "activity": "done", "port": "In" } }
            ]
          }
        }
        """;

    private static RecurringJobDto? Job(ServerFactory server, string definitionId)
    {
        using var connection = server.Services.GetRequiredService<JobStorage>().GetConnection();
        return connection.GetRecurringJobs().SingleOrDefault(j => j.Id == "workflow-start:" + definitionId);
    }

    /// <summary>The states the recurring job's last run went through, with their reasons, to say why a start did not happen.</summary>
    private static string JobHistory(ServerFactory server, string definitionId)
    {
        if (Job(server, definitionId)?.LastJobId is not { } jobId)
        {
            return "(no job was created)";
        }
        var details = server.Services.GetRequiredService<JobStorage>().GetMonitoringApi().JobDetails(jobId);
        return string.Join(" <- ", details?.History.Select(h => $"{h.StateName} ({h.Reason}{(h.Data.TryGetValue("ExceptionMessage", out var error) ? ": " + error : "")})") ?? []);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task CronStart_StartsInstancesThroughARecurringJob_InTheOfficeZone_UntilUnpublished(Provider provider)
    {
        var server = shared.For(provider);
        var designer = await server.ClientForAsync("designer");
        var admin = await server.ClientForAsync("admin");
        var id = Api.NewId("cron-start");

        await server.PublishAsync(Scheduled(id, "Cron", "cronExpression", "30 8 * * 1-5"));
        var job = Job(server, id);
        // Hangfire's own "trigger now" runs the registered job through its real worker, as the schedule would at 08:30.
        server.Services.GetRequiredService<IRecurringJobManager>().Trigger("workflow-start:" + id);
        JsonArray items = [];
        // Under a full test run the worker can be slow to pick the job up (or retry it after a locked database); the loop ends as soon as it has.
        for (var waited = 0; waited < 1500 && items.Count == 0; waited++)
        {
            await Task.Delay(100);
            items = (await (await admin.GetAsync($"/api/workflow-instances?definitionId={id}")).ExpectObjectAsync(HttpStatusCode.OK))["items"]!.AsArray();
        }
        var history = JobHistory(server, id);
        await (await designer.PostAsync($"{Definitions}/{id}/unpublish", null)).ExpectAsync(HttpStatusCode.OK);

        Assert.NotNull(job);
        Assert.Equal("30 8 * * 1-5", job.Cron);
        Assert.Equal("Asia/Shanghai", job.TimeZoneId);
        Assert.True(items.Count > 0, "no instance was started; the triggered job went through: " + history);
        var instance = await (await admin.GetAsync($"/api/workflow-instances/{(string)items[0]!["id"]!}")).ExpectObjectAsync(HttpStatusCode.OK);
        Assert.Equal("Completed", (string)instance["status"]!);
        Assert.Null(Job(server, id));
        await (await designer.PostJsonAsync("/api/workflow-instances", $$"""{ "definitionId": "{{id}}", "input": {} }""")).ExpectAsync(HttpStatusCode.NotFound);
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task AScheduledStartRunAgain_AsARetryWould_StartsTheMatterOnlyOnce(Provider provider)
    {
        var server = shared.For(provider);
        var admin = await server.ClientForAsync("admin");
        var id = Api.NewId("cron-retry");
        await server.PublishAsync(Scheduled(id, "Cron", "cronExpression", "0 7 * * *"));
        var jobs = server.Services.GetRequiredService<JobStorage>();

        server.Services.GetRequiredService<IRecurringJobManager>().Trigger("workflow-start:" + id);
        var first = await InstancesOnceTheJobSucceededAsync(admin, jobs, server, id, times: 1);
        // Hangfire's retry and an operator's requeue both run the same background job again.
        Assert.True(server.Services.GetRequiredService<IBackgroundJobClient>().Requeue(Job(server, id)!.LastJobId));
        var again = await InstancesOnceTheJobSucceededAsync(admin, jobs, server, id, times: 2);

        Assert.Single(first);
        Assert.Equal((string)first[0]!["id"]!, (string)Assert.Single(again)!["id"]!);
    }

    private static async Task<JsonArray> InstancesOnceTheJobSucceededAsync(HttpClient admin, JobStorage jobs, ServerFactory server, string definitionId, int times)
    {
        for (var waited = 0; waited < 1500; waited++)
        {
            var details = Job(server, definitionId)?.LastJobId is { } jobId ? jobs.GetMonitoringApi().JobDetails(jobId) : null;
            if (details?.History.Count(h => h.StateName == "Succeeded") >= times)
            {
                break;
            }
            await Task.Delay(100);
        }
        return (await (await admin.GetAsync($"/api/workflow-instances?definitionId={definitionId}")).ExpectObjectAsync(HttpStatusCode.OK))["items"]!.AsArray();
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task TimerStart_IsScheduledAsCron_ChangesWithANewVersion_AndGoesWhenAVersionWithoutItIsPublished(Provider provider)
    {
        var server = shared.For(provider);
        var designer = await server.ClientForAsync("designer");
        var id = Api.NewId("timer-start");

        await server.PublishAsync(Scheduled(id, "Timer", "interval", "PT2H"));
        var everyTwoHours = Job(server, id)?.Cron;
        await (await designer.PutJsonAsync($"{Definitions}/{id}", Scheduled(id, "Timer", "interval", "PT15M"))).ExpectAsync(HttpStatusCode.OK);
        var beforePublish = Job(server, id)?.Cron;
        await (await designer.PostAsync($"{Definitions}/{id}/publish", null)).ExpectAsync(HttpStatusCode.OK);
        var everyQuarter = Job(server, id)?.Cron;
        await (await designer.PutJsonAsync($"{Definitions}/{id}", Flows.Approval(id))).ExpectAsync(HttpStatusCode.OK);
        await (await designer.PostAsync($"{Definitions}/{id}/publish", null)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("0 0 */2 * * *", everyTwoHours);
        Assert.Equal("0 0 */2 * * *", beforePublish);
        Assert.Equal("0 */15 * * * *", everyQuarter);
        Assert.Null(Job(server, id));
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task ScheduleThatCannotRun_IsRefusedAtPublish_NamingTheTrigger(Provider provider)
    {
        var server = shared.For(provider);
        var designer = await server.ClientForAsync("designer");
        var every7 = Api.NewId("timer-7m");
        var badCron = Api.NewId("cron-bad");
        await (await designer.PostJsonAsync(Definitions, Scheduled(every7, "Timer", "interval", "PT7M"))).ExpectAsync(HttpStatusCode.Created);
        await (await designer.PostJsonAsync(Definitions, Scheduled(badCron, "Cron", "cronExpression", "every monday"))).ExpectAsync(HttpStatusCode.Created);

        var seven = await (await designer.PostAsync($"{Definitions}/{every7}/publish", null)).ExpectProblemAsync(HttpStatusCode.BadRequest, "PT7M", "cannot be scheduled");
        var bad = await (await designer.PostAsync($"{Definitions}/{badCron}/publish", null)).ExpectProblemAsync(HttpStatusCode.BadRequest, "every monday", "not a cron expression");

        Assert.NotEmpty(seven.ErrorsFor("tick"));
        Assert.NotEmpty(bad.ErrorsFor("tick"));
        Assert.Null(Job(server, every7));
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task AdminSeesEachTrigger_WithItsNextStartInTheOfficeZone_AndOthersMayNot(Provider provider)
    {
        var server = shared.For(provider);
        var admin = await server.ClientForAsync("admin");
        var designer = await server.ClientForAsync("designer");
        var id = Api.NewId("cron-nine");
        await server.PublishAsync(Scheduled(id, "Cron", "cronExpression", "0 9 * * *"));
        var before = DateTimeOffset.UtcNow;

        var list = (await (await admin.GetAsync("/api/start-triggers")).ExpectAsync(HttpStatusCode.OK)).AsArray();
        var forbidden = await designer.GetAsync("/api/start-triggers");

        var trigger = list.Single(t => (string)t!["trigger"]!["definitionId"]! == id)!["trigger"]!;
        Assert.Equal("Cron", (string)trigger["kind"]!);
        Assert.Equal("Asia/Shanghai", (string)trigger["timeZone"]!);
        Assert.True((bool)trigger["registered"]!);
        var next = DateTimeOffset.Parse((string)trigger["nextStart"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(new TimeSpan(9, 0, 0), next.ToOffset(TimeSpan.FromHours(8)).TimeOfDay);
        Assert.InRange(next, before.AddMinutes(-1), before.AddDays(1));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }
}
