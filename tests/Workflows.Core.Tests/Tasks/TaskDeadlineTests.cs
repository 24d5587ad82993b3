using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Core.Calendar;
using Workflows.Core.Tasks;
using static Workflows.Core.Tests.Flow;

namespace Workflows.Core.Tests.Tasks;

public sealed class TaskDeadlineTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    private static async Task<TaskState> StartTaskAsync(EngineFixture fixture, JsonNode due, JsonNode? remindBefore = null)
    {
        var inputs = new List<(string, Workflows.Core.Definitions.ExpressionDefinition)>
        {
            ("title", Lit("审查")), ("assignTo", Lit(new JsonObject { ["users"] = new JsonArray("expert1") })),
            ("outcomes", Lit(new JsonArray(new JsonObject { ["name"] = "ok" }))), ("due", Lit(due)),
        };
        if (remindBefore is not null)
        {
            inputs.Add(("remindBefore", Lit(remindBefore)));
        }
        fixture.Publish(new Flow("deadline").Start().Activity("review", "UserTask", [.. inputs]).End()
            .Connect("start", "review").Connect("review", "end", "ok").Build());
        var instance = await fixture.StartAsync("deadline");
        return TaskState.Read(EngineFixture.TaskOf(instance, "review"));
    }

    private static EngineFixture WithShippedCalendar(DateTimeOffset now)
    {
        var fixture = new EngineFixture();
        fixture.Services.GetRequiredService<StatutoryCalendar>().Load(CalendarFiles.ReadDirectory(Path.Combine(AppContext.BaseDirectory, "calendars")));
        fixture.Clock.SetUtcNow(now);
        return fixture;
    }

    [Fact]
    public async Task WorkingDays_CreatedOn20260930_With5WorkingDays_IsDue20261013()
    {
        var fixture = WithShippedCalendar(new DateTimeOffset(2026, 9, 30, 10, 0, 0, Beijing));

        var task = await StartTaskAsync(fixture, new JsonObject { ["workingDays"] = 5, ["hardWorkingDays"] = 7 });

        Assert.Equal(new DateTimeOffset(2026, 10, 13, 23, 59, 59, Beijing), task.Deadlines.DueAt);
        Assert.Equal(new DateTimeOffset(2026, 10, 15, 23, 59, 59, Beijing), task.Deadlines.HardDueAt);
        Assert.Equal(new DateTimeOffset(2026, 10, 13, 0, 0, 0, Beijing), task.Deadlines.RemindAt);
        Assert.False(task.Deadlines.Provisional);
    }

    [Fact]
    public async Task RemindBefore_TwoWorkingDays_TurnsYellowAtTheStartOfTheWorkingDayBefore()
    {
        var fixture = WithShippedCalendar(new DateTimeOffset(2026, 9, 30, 10, 0, 0, Beijing));

        var task = await StartTaskAsync(fixture, 5, remindBefore: 2);

        // The working day before Tuesday 2026-10-13 is Monday 2026-10-12.
        Assert.Equal(new DateTimeOffset(2026, 10, 12, 0, 0, 0, Beijing), task.Deadlines.RemindAt);
    }

    [Fact]
    public async Task AReminderDueBeforeTheTaskExists_IsNotPlanned()
    {
        var fixture = new EngineFixture();

        var task = await StartTaskAsync(fixture, "PT1H", remindBefore: "PT3H");

        Assert.NotNull(task.Deadlines.DueAt);
        Assert.Null(task.Deadlines.RemindAt);
    }

    [Fact]
    public async Task DurationAndAbsoluteDate_AreSupported()
    {
        var fixture = WithShippedCalendar(new DateTimeOffset(2026, 9, 30, 10, 0, 0, Beijing));
        var byDuration = await StartTaskAsync(fixture, "PT48H", remindBefore: "PT4H");
        var fixture2 = WithShippedCalendar(new DateTimeOffset(2026, 9, 30, 10, 0, 0, Beijing));
        var byDate = await StartTaskAsync(fixture2, new JsonObject { ["at"] = "2023-12-14" });

        Assert.Equal(new DateTimeOffset(2026, 10, 2, 10, 0, 0, Beijing), byDuration.Deadlines.DueAt);
        Assert.Equal(new DateTimeOffset(2026, 10, 2, 6, 0, 0, Beijing), byDuration.Deadlines.RemindAt);
        Assert.Equal(new DateTimeOffset(2023, 12, 14, 23, 59, 59, Beijing), byDate.Deadlines.DueAt);
    }

    [Fact]
    public async Task DueDateInAYearWithoutData_IsProvisional_AndRecomputedWhenTheYearIsAdded()
    {
        var fixture = WithShippedCalendar(new DateTimeOffset(2026, 12, 30, 10, 0, 0, Beijing));
        fixture.Publish(new Flow("provisional").Start()
            .Activity("review", "UserTask", ("title", Lit("审查")), ("assignTo", Lit(new JsonObject { ["users"] = new JsonArray("expert1") })),
                ("outcomes", Lit(new JsonArray(new JsonObject { ["name"] = "ok" }))), ("due", Lit(3)))
            .End().Connect("start", "review").Connect("review", "end", "ok").Build());
        var instance = await fixture.StartAsync("provisional");
        var before = TaskState.Read(EngineFixture.TaskOf(instance, "review")).Deadlines;
        Assert.True(before.Provisional);
        Assert.Equal(new DateTimeOffset(2027, 1, 4, 23, 59, 59, Beijing), before.DueAt);

        var calendar = fixture.Services.GetRequiredService<StatutoryCalendar>();
        calendar.Load([.. CalendarFiles.ReadDirectory(Path.Combine(AppContext.BaseDirectory, "calendars")),
            new CalendarYear { Year = 2027, Holidays = [new(new DateOnly(2027, 1, 1), "元旦")] }]);
        instance = await fixture.Engine.RecomputeDeadlinesAsync(instance.Id);

        var after = TaskState.Read(EngineFixture.TaskOf(instance, "review")).Deadlines;
        Assert.False(after.Provisional);
        Assert.Equal(new DateTimeOffset(2027, 1, 5, 23, 59, 59, Beijing), after.DueAt);
    }
}
