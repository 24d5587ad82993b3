using System.Text.Json.Nodes;
using Workflows.Core.Definitions;
using Workflows.Core.Runtime;

namespace Workflows.Core.Tests.Procedures;

/// <summary>
/// The shipped fire-hazard procedure on the engine with a controlled clock: past the rectification deadline, the
/// stop-use order starts only for a unit that has not reported rectification complete.
/// </summary>
public sealed class FireHazardDeadlineTests
{
    private readonly EngineFixture _fixture = new();

    public FireHazardDeadlineTests()
    {
        _fixture.Organisation
            .AddUser("emergency", "emergency", null, "emergency-bureau")
            .AddUser("office", "gov-office", null, "gov-office")
            .AddUser("leader", "district", null, "district-leader")
            .AddUser("supervisor", "supervision", null, "supervision-office")
            .AddUser("industry", "construction", null, "industry-department")
            .AddUser("unit", "mall", null, "hazard-unit")
            .AddUser("police", "station", null, "police-station")
            .AddUser("firefighter", "fire", null, "fire-brigade");
        _fixture.Publish(WorkflowDefinitionSerializer.Deserialize(File.ReadAllText(ShippedDefinition("fire-hazard-supervision.json"))));
    }

    private static string ShippedDefinition(string file)
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "workflows", file);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException($"workflows/{file} not found above {AppContext.BaseDirectory}");
    }

    private async Task<WorkflowInstance> ListedAndPlannedAsync()
    {
        var instance = await _fixture.StartAsync("fire-hazard-supervision", new JsonObject
        {
            ["unitName"] = "示例商场",
            ["hazardUnit"] = "mall",
            ["industryDepartment"] = "construction",
            ["policeStation"] = "station",
            ["address"] = "城区北大街",
            ["hazard"] = "安全出口数量不足",
            ["clause"] = "GB55037-2022 第7.4.2条",
            ["deadline"] = "2025-10-10",
            ["request"] = "attachment-id",
        }, "emergency");
        instance = await ActAsync(instance, "officeReview", "office", "submit");
        instance = await ActAsync(instance, "leaderApproval", "leader", "approve");
        // The 挂牌督办通知 is drafted, checked by the office (核稿) and signed by the leader (签发) before the plan.
        instance = await ActAsync(instance, "listingDocumentCheck", "office", "submit");
        instance = await ActAsync(instance, "listingDocumentSign", "leader", "sign");
        instance = await ActAsync(instance, "plan", "industry", "submitted", new JsonObject
        {
            ["person"] = "负责人",
            ["funds"] = "5万元",
            ["measures"] = "增设出口",
            ["plannedDate"] = "2025-10-08",
            ["directResponsible"] = "甲",
            ["supervisoryResponsible"] = "乙",
            ["specificResponsible"] = "丙",
        });
        instance = await ActAsync(instance, "planConfirm", "unit", "agree");
        return await ActAsync(instance, "planConfirm", "firefighter", "agree");
    }

    private Task<WorkflowInstance> ActAsync(WorkflowInstance instance, string activityId, string actor, string outcome, JsonObject? data = null, string? comment = null) =>
        _fixture.Engine.ResumeAsync(instance.Id, EngineFixture.TaskOf(instance, activityId).Id,
            new ResumeRequest { Actor = actor, Outcome = outcome, Data = data, Comment = comment });

    private async Task<WorkflowInstance> DeadlinePassesAsync(WorkflowInstance instance)
    {
        var timer = EngineFixture.TaskOf(instance, "waitDeadline");
        _fixture.Clock.SetUtcNow(timer.DueAt!.Value.AddMinutes(1));
        return await _fixture.Engine.ResumeAsync(instance.Id, timer.Id, new ResumeRequest());
    }

    private static IReadOnlyList<string> Open(WorkflowInstance instance) => [.. instance.Bookmarks.Select(b => b.ActivityId).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task AUnitThatReportedInTime_IsNotOrderedToStop_UntilTheReinspectionFailsAfterTheDeadline()
    {
        var instance = await ActAsync(await ListedAndPlannedAsync(), "report", "unit", "completed", new JsonObject { ["progress"] = "已增设出口" });

        instance = await DeadlinePassesAsync(instance);
        Assert.Equal(["reinspect"], Open(instance));

        instance = await ActAsync(instance, "reinspect", "firefighter", "fail", comment: "出口宽度不足");
        Assert.Equal(["accountability", "expose", "report", "stopUse", "supervise"], Open(instance));
        Assert.Equal(WorkflowStatus.Running, instance.Status);
    }

    [Fact]
    public async Task AUnitThatHasNotReported_IsOrderedToStopAtTheDeadline_AndOnlyOnce()
    {
        var instance = await DeadlinePassesAsync(await ListedAndPlannedAsync());
        Assert.Equal(["accountability", "expose", "report", "stopUse", "supervise"], Open(instance));

        instance = await ActAsync(instance, "report", "unit", "completed", new JsonObject { ["progress"] = "已增设出口" });
        instance = await ActAsync(instance, "reinspect", "firefighter", "fail", comment: "出口宽度不足");
        Assert.Single(instance.Bookmarks, b => b.ActivityId == "stopUse");
    }

    [Fact]
    public async Task AnApprovedExtension_MovesTheDeadline_SoNoStopUseAtTheOldOne()
    {
        var instance = await ActAsync(await ListedAndPlannedAsync(), "report", "unit", "extension",
            new JsonObject { ["progress"] = "设备未到货", ["requestedDeadline"] = "2025-11-14" }, "申请延期");
        instance = await ActAsync(instance, "extension", "leader", "approve");

        instance = await DeadlinePassesAsync(instance);

        Assert.Equal(["report", "waitDeadline"], Open(instance));
        Assert.Equal("2025-11-14", instance.Variables["deadline"]!.GetValue<string>());
    }
}
