using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Core.Definitions;
using Workflows.Core.Migration;
using Workflows.Core.Runtime;
using Workflows.Core.Tasks;
using static Workflows.Core.Tests.Flow;

namespace Workflows.Core.Tests.Migration;

/// <summary>
/// Version 1: 起草 draft → 审核 review → 签发 sign → end. Version 2 inserts 核对 check after the draft, renames review
/// to examine (through the map) and removes sign. Matters waiting at each step of version 1 are moved to version 2.
/// </summary>
public sealed class InstanceMigratorTests
{
    private const string Id = "dispatch";
    private static readonly Dictionary<string, string> RenameReview = new() { ["review"] = "examine" };

    private static Flow Step(Flow flow, string id, int workingDays) => flow.Activity(id, "UserTask",
        ("title", Lit(id)),
        ("assignTo", Lit(new JsonObject { ["roles"] = new JsonArray("reviewer") })),
        ("outcomes", Lit(new JsonArray(new JsonObject { ["name"] = "ok" }, new JsonObject { ["name"] = "back" }))),
        ("due", Lit(new JsonObject { ["workingDays"] = workingDays })));

    private static WorkflowDefinition Version1() =>
        Step(Step(Step(new Flow(Id).Start(), "draft", 3), "review", 5), "sign", 2).End()
            .Connect("start", "draft").Connect("draft", "review", "ok").Connect("review", "sign", "ok").Connect("review", "draft", "back")
            .Connect("sign", "end", "ok").Connect("sign", "review", "back").Connect("draft", "end", "back").Build();

    private static WorkflowDefinition Version2() =>
        Step(Step(Step(new Flow(Id).Start(), "draft", 3), "check", 1), "examine", 5).End()
            .Connect("start", "draft").Connect("draft", "check", "ok").Connect("check", "examine", "ok").Connect("check", "draft", "back")
            .Connect("examine", "end", "ok").Connect("examine", "draft", "back").Connect("draft", "end", "back").Build();

    private static async Task<(EngineFixture Fixture, WorkflowInstance Instance)> WaitingAtAsync(string step)
    {
        var fixture = new EngineFixture();
        fixture.Publish(Version1());
        fixture.Publish(Version2());
        var instance = await fixture.Engine.StartAsync(new StartWorkflow(Id) { Version = 1, Actor = "starter" });
        foreach (var done in new[] { "draft", "review", "sign" }.TakeWhile(s => s != step))
        {
            fixture.Clock.Advance(TimeSpan.FromHours(1));
            instance = await fixture.CompleteAsync(instance, done, "ok");
        }
        return (fixture, instance);
    }

    private static InstanceMigrator Migrator(EngineFixture fixture) => fixture.Services.GetRequiredService<InstanceMigrator>();

    [Fact]
    public async Task AMatterWaitingAtAStepThatStays_MovesThere_KeepsItsTask_AndContinuesOnTheInsertedStep()
    {
        var (fixture, instance) = await WaitingAtAsync("draft");
        var before = EngineFixture.TaskOf(instance, "draft");

        var report = await Migrator(fixture).MigrateAsync(instance.Id, new MigrateInstance(2, RenameReview, "新增核对环节"), "admin", dryRun: false, default);

        Assert.True(report.Migrated);
        var moved = (await fixture.Store.FindAsync(instance.Id, default))!;
        Assert.Equal(2, moved.DefinitionVersion);
        var task = EngineFixture.TaskOf(moved, "draft");
        Assert.Equal(before.Id, task.Id);
        Assert.Equal(TaskState.Read(before).Deadlines.DueAt, TaskState.Read(task).Deadlines.DueAt);
        var after = await fixture.CompleteAsync(moved, "draft", "ok");
        Assert.Equal(["check"], after.ActiveActivityIds);
        var migrated = Assert.Single(await fixture.JournalAsync(instance.Id), e => e.Event == MigrationEvents.InstanceMigrated);
        Assert.Equal(("admin", "新增核对环节"), (migrated.Actor, migrated.Message));
    }

    [Fact]
    public async Task AMatterWaitingAtARenamedStep_MovesThroughTheMap_KeepingClaimSignersAndDeadlines()
    {
        var (fixture, instance) = await WaitingAtAsync("review");
        instance = await fixture.Engine.ResumeAsync(instance.Id, EngineFixture.TaskOf(instance, "review").Id,
            new ResumeRequest { Action = TaskActions.Claim, Actor = "li" });
        var before = TaskState.Read(EngineFixture.TaskOf(instance, "review"));

        var report = await Migrator(fixture).MigrateAsync(instance.Id, new MigrateInstance(2, RenameReview, null), "admin", dryRun: false, default);

        var move = Assert.Single(report.Moves);
        Assert.Equal(("review", "examine", false), (move.From, move.To, move.DeadlinesReplanned));
        var moved = (await fixture.Store.FindAsync(instance.Id, default))!;
        var task = TaskState.Read(EngineFixture.TaskOf(moved, "examine"));
        Assert.Equal(["li"], task.Signers.Select(s => s.UserName));
        Assert.Equal(before.Deadlines.DueAt, task.Deadlines.DueAt);
        var done = await fixture.CompleteAsync(moved, "examine", "ok", actor: "li");
        Assert.Equal(WorkflowStatus.Completed, done.Status);
    }

    [Fact]
    public async Task AMatterWaitingAtARemovedStep_IsRefusedWithTheReason_AndLeftAsItWas()
    {
        var (fixture, instance) = await WaitingAtAsync("sign");
        var journal = (await fixture.JournalAsync(instance.Id)).Count;

        var report = await Migrator(fixture).MigrateAsync(instance.Id, new MigrateInstance(2, RenameReview, null), "admin", dryRun: false, default);

        Assert.False(report.Migrated);
        Assert.Contains(report.Problems, p => p.Contains("'sign'", StringComparison.Ordinal) && p.Contains("version 2", StringComparison.Ordinal));
        var stored = (await fixture.Store.FindAsync(instance.Id, default))!;
        Assert.Equal((1, instance.Version), (stored.DefinitionVersion, stored.Version));
        Assert.Equal(["sign"], stored.ActiveActivityIds);
        Assert.Equal(journal, (await fixture.JournalAsync(instance.Id)).Count);
    }

    [Fact]
    public async Task ADryRun_ReportsTheMove_AndChangesNothing()
    {
        var (fixture, instance) = await WaitingAtAsync("review");

        var report = await Migrator(fixture).MigrateAsync(instance.Id, new MigrateInstance(2, RenameReview, null), "admin", dryRun: true, default);

        Assert.False(report.Migrated);
        Assert.Empty(report.Problems);
        Assert.Equal("examine", Assert.Single(report.Moves).To);
        var stored = (await fixture.Store.FindAsync(instance.Id, default))!;
        Assert.Equal((1, instance.Version), (stored.DefinitionVersion, stored.Version));
    }

    [Fact]
    public async Task ANewDueRule_PlansTheTasksDeadlinesAgainFromItsCreation()
    {
        var (fixture, instance) = await WaitingAtAsync("draft");
        var longer = Version2();
        longer.Root.Activities.Single(a => a.Id == "draft").Inputs["due"] = Lit(new JsonObject { ["workingDays"] = 10 });
        fixture.Publish(longer);
        var created = EngineFixture.TaskOf(instance, "draft").CreatedAt;

        var report = await Migrator(fixture).MigrateAsync(instance.Id, new MigrateInstance(3, null, null), "admin", dryRun: false, default);

        Assert.True(Assert.Single(report.Moves).DeadlinesReplanned);
        var task = TaskState.Read(EngineFixture.TaskOf((await fixture.Store.FindAsync(instance.Id, default))!, "draft"));
        Assert.Equal(fixture.Services.GetRequiredService<TaskDeadlineCalculator>().Compute(created, new JsonObject { ["workingDays"] = 10 }, null).DueAt, task.Deadlines.DueAt);
        Assert.Contains(TaskTimers.Plan(EngineFixture.TaskOf((await fixture.Store.FindAsync(instance.Id, default))!, "draft")), t => t.DueAt == task.Deadlines.DueAt);
    }
}
