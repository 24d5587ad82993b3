using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Persistence;

namespace Workflows.Server.Tests.Simulation;

/// <summary>
/// 试运行 of the shipped procedures across the 2024 National Day holiday (1–7 October off; Sunday 29 September and
/// Saturday 12 October worked): due dates on the right working days, the 催办 and 督办 e-mails at their times, and
/// nothing stored, sent or numbered.
/// </summary>
public sealed class SimulationApiTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private static readonly DateTimeOffset FridayBeforeTheHoliday = new(2024, 9, 27, 9, 0, 0, Beijing);

    /// <summary>The working days after Friday 27 September 2024, counted by hand from the State Council's notice.</summary>
    private static DateOnly WorkingDayAfterStart(int n)
    {
        var day = new DateOnly(2024, 9, 27);
        while (n > 0)
        {
            day = day.AddDays(1);
            var holiday = day >= new DateOnly(2024, 10, 1) && day <= new DateOnly(2024, 10, 7);
            var madeUp = day == new DateOnly(2024, 9, 29) || day == new DateOnly(2024, 10, 12);
            if (madeUp || (!holiday && day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)))
            {
                n--;
            }
        }
        return day;
    }

    public static TheoryData<string> ShippedProcedures => new(Directory.GetFiles(ShippedFolder(), "*.json").Select(Path.GetFileNameWithoutExtension).OfType<string>().Order());

    private static string ShippedFolder()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !Directory.Exists(Path.Combine(folder.FullName, "workflows")))
        {
            folder = folder.Parent;
        }
        return Path.Combine(folder?.FullName ?? throw new DirectoryNotFoundException("no workflows folder above the tests"), "workflows");
    }

    /// <summary>A start form that passes the procedure's own checks: a value of the right kind for every input.</summary>
    private static JsonObject InputFor(JsonObject definition)
    {
        var input = new JsonObject();
        foreach (var field in definition["inputs"]?.AsArray() ?? [])
        {
            var name = (string)field!["name"]!;
            input[name] = (string?)field["type"] switch
            {
                "number" => 2,
                "date" => "2024-10-31",
                "checkbox" => false,
                "checklist" => new JsonArray(),
                "file" => "simulated-attachment",
                "select" => field["options"]?.AsArray().FirstOrDefault()?.DeepClone() ?? "试运行",
                "users" => new JsonArray("drafter"),
                "user" => "drafter",
                "department" => "development-reform",
                _ => "试运行",
            };
        }
        return input;
    }

    private static async Task<(long Instances, long Tasks, long Timers, long Outbox)> CountsAsync(ServerFactory server)
    {
        await using var db = await server.Services.GetRequiredService<IDbContextFactory<WorkflowsDbContext>>().CreateDbContextAsync();
        return (await db.Instances.LongCountAsync(), await db.Tasks.LongCountAsync(), await db.Timers.LongCountAsync(), await db.Outbox.LongCountAsync());
    }

    private static DateTimeOffset At(JsonNode? node) => DateTimeOffset.Parse((string)node!, CultureInfo.InvariantCulture);

    [Theory]
    [MemberData(nameof(ShippedProcedures))]
    public async Task EachShippedProcedure_LeftAlone_HasItsFirstDueDateOnTheRightWorkingDay_AndItsEscalationsListed_AndNothingWritten(string procedure)
    {
        var server = shared.Factory;
        var definition = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(ShippedFolder(), $"{procedure}.json")))!.AsObject();
        var definitionId = (string)definition["definitionId"]!;
        var designer = await server.ClientForAsync("designer");
        var before = await CountsAsync(server);

        var body = new JsonObject
        {
            ["version"] = "published",
            ["input"] = InputFor(definition),
            ["startAt"] = FridayBeforeTheHoliday,
            ["untilIdle"] = true,
            ["startedBy"] = "drafter",
        };
        var result = await (await designer.PostJsonAsync($"/api/workflow-definitions/{definitionId}/simulate", body.ToJsonString())).ExpectObjectAsync(HttpStatusCode.OK);

        Assert.Equal(before, await CountsAsync(server));
        Assert.True((string)result["status"]! == "Running", $"{result["status"]}: {result["problems"]!.ToJsonString(Api.Readable)}");
        var timeline = result["timeline"]!.AsArray().Select(e => e!.AsObject()).ToList();
        var first = timeline.First(e => e["dueAt"] is not null);
        var firstId = (string)first["activityId"]!;
        var workingDays = (int)definition["root"]!["activities"]!.AsArray().Single(a => (string)a!["id"]! == firstId)!["inputs"]!["due"]!["value"]!["workingDays"]!;
        var dueAt = At(first["dueAt"]);
        Assert.Equal(new DateTimeOffset(WorkingDayAfterStart(workingDays).ToDateTime(new TimeOnly(23, 59, 59)), Beijing), dueAt);
        Assert.NotEmpty(first["assignees"]!.AsArray());
        var escalation = timeline.First(e => (string)e["event"]! == "TaskEscalated" && (string)e["activityId"]! == firstId && At(e["at"]) == dueAt);
        Assert.Contains(escalation["emails"]!.AsArray(), m => (string)m!["kind"]! == "escalation" && ((string)m["subject"]!).Length > 0);
        var reminder = timeline.FirstOrDefault(e => (string)e["event"]! == "TaskReminded" && (string)e["activityId"]! == firstId);
        if (reminder is not null)
        {
            var remindedAt = At(reminder["at"]);
            Assert.True(remindedAt < dueAt, $"the 催办 at {remindedAt} comes before the due date {dueAt}");
            Assert.Contains(reminder["emails"]!.AsArray(), m => (string)m!["kind"]! == "reminder");
        }
    }

    [Fact]
    public async Task AScriptedStep_IsTakenAfterItsWorkingDays_AndTheNextTaskIsDueCountedFromThen()
    {
        var server = shared.Factory;
        var designer = await server.ClientForAsync("designer");
        var input = InputFor(JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(ShippedFolder(), "health-review.json")))!.AsObject());
        var body = new JsonObject
        {
            ["version"] = "published",
            ["input"] = input,
            ["startAt"] = FridayBeforeTheHoliday,
            ["startedBy"] = "drafter",
            ["actions"] = new JsonArray(new JsonObject { ["activityId"] = "check", ["outcome"] = "accept", ["afterWorkingDays"] = 1 }),
        };

        var result = await (await designer.PostJsonAsync("/api/workflow-definitions/health-review/simulate", body.ToJsonString())).ExpectObjectAsync(HttpStatusCode.OK);

        var timeline = result["timeline"]!.AsArray().Select(e => e!.AsObject()).ToList();
        var accepted = Assert.Single(timeline, e => (string)e["event"]! == "ActivityResumed" && (string)e["activityId"]! == "check");
        // One working day after Friday 27 September is the make-up Sunday, 29 September, at the same time of day.
        Assert.Equal(new DateTimeOffset(2024, 9, 29, 9, 0, 0, Beijing), At(accepted["at"]));
        Assert.Equal("accept", (string)accepted["outcome"]!);
        var next = timeline.SkipWhile(e => e != accepted).First(e => e["dueAt"] is not null);
        Assert.True(At(next["dueAt"]) > At(accepted["at"]));
        Assert.Empty(result["problems"]!.AsArray());
    }

    [Fact]
    public async Task BadRequests_Are400_AndAnUnknownDefinitionIs404_AndReviewersMayNotSimulate()
    {
        var server = shared.Factory;
        var designer = await server.ClientForAsync("designer");

        var badVersion = await (await designer.PostJsonAsync("/api/workflow-definitions/health-review/simulate", """{ "version": "newest" }""")).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var badAction = await (await designer.PostJsonAsync("/api/workflow-definitions/health-review/simulate", """{ "actions": [ { "activityId": "check" } ] }""")).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var badStarter = await (await designer.PostJsonAsync("/api/workflow-definitions/health-review/simulate", """{ "startedBy": "nobody" }""")).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var badInput = await (await designer.PostJsonAsync("/api/workflow-definitions/health-review/simulate", """{ "input": {} }""")).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await designer.PostJsonAsync("/api/workflow-definitions/nope/simulate", "{}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        var expert = await (await server.ClientForAsync("expert1")).PostJsonAsync("/api/workflow-definitions/health-review/simulate", "{}");

        Assert.NotEmpty(badVersion.ErrorsFor("version"));
        Assert.NotEmpty(badAction.ErrorsFor("actions"));
        Assert.NotEmpty(badInput.ErrorsFor("title"));
        Assert.NotEmpty(badStarter.ErrorsFor("startedBy"));
        Assert.Equal(HttpStatusCode.Forbidden, expert.StatusCode);
    }
}
