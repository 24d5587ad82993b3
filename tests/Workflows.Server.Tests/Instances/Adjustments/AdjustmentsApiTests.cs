using System.Net;
using System.Text.Json.Nodes;
using Workflows.Server.Tests.Tasks;

namespace Workflows.Server.Tests.Instances.Adjustments;

/// <summary>改派, 延期, 跳转 and set-variable through the REST API: who may, what changes, and what the journal keeps.</summary>
public sealed class AdjustmentsApiTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private ServerFactory Server => shared.Factory;

    /// <summary>A matter of a one-task procedure (review for expert1, due in 5 working days, a variable "round"): its id and the task's.</summary>
    private async Task<(string InstanceId, string TaskId)> StartAsync(string options = "")
    {
        var definitionId = Api.NewId("adjust");
        var json = TaskFlows.OneTask(definitionId, """{ "users": ["expert1"] }""")
            .Replace("\"root\":", $"{options} \"variables\": [ {{ \"name\": \"round\", \"type\": \"Number\", \"value\": 0 }} ], \"root\":", StringComparison.Ordinal);
        await Server.PublishAsync(json);
        var instanceId = await (await Server.ClientForAsync("drafter")).StartAsync(definitionId);
        var expert1 = await Server.ClientForAsync("expert1");
        var tasks = await (await expert1.GetAsync($"/api/tasks?scope=mine&instanceId={instanceId}")).ExpectObjectAsync(HttpStatusCode.OK);
        return (instanceId, (string)tasks["items"]![0]!["id"]!);
    }

    private async Task<JsonArray> JournalAsync(string instanceId) =>
        (await (await (await Server.ClientForAsync("admin")).GetAsync($"/api/workflow-instances/{instanceId}/journal")).ExpectAsync(HttpStatusCode.OK)).AsArray();

    [Fact]
    public async Task Reassign_GivesTheTaskToTheNewPerson_AndJournalsWhoAndWhy()
    {
        var (instanceId, taskId) = await StartAsync();
        var admin = await Server.ClientForAsync("admin");

        await (await admin.PostJsonAsync($"/api/workflow-instances/{instanceId}/tasks/{taskId}/reassign",
            """{ "userName": "expert2", "reason": "郑专家休假" }""")).ExpectAsync(HttpStatusCode.OK);

        var expert2 = await Server.ClientForAsync("expert2");
        var task = (await (await expert2.GetAsync($"/api/tasks/{taskId}")).ExpectObjectAsync(HttpStatusCode.OK))["task"]!;
        Assert.Equal(["expert2"], task["assignees"]!.AsArray().Select(a => (string)a!));
        var expert1 = await Server.ClientForAsync("expert1");
        await (await expert1.PostJsonAsync($"/api/tasks/{taskId}/complete", """{ "outcome": "approve", "data": { "opinion": "同意" } }"""))
            .ExpectProblemAsync(HttpStatusCode.NotFound);
        var entry = (await JournalAsync(instanceId)).Single(e => (string)e!["event"]! == "TaskReassigned")!;
        Assert.Equal(("admin", "郑专家休假", "expert1", "expert2"),
            ((string)entry["actor"]!, (string)entry["message"]!, (string)entry["data"]!["from"]!, (string)entry["data"]!["to"]!));
    }

    [Fact]
    public async Task AnAdjustmentWithoutAReason_Is400NamingTheReason_AndChangesNothing()
    {
        var (instanceId, taskId) = await StartAsync();
        var admin = await Server.ClientForAsync("admin");
        var journal = (await JournalAsync(instanceId)).Count;

        var problem = await (await admin.PostJsonAsync($"/api/workflow-instances/{instanceId}/tasks/{taskId}/reassign", """{ "userName": "expert2" }"""))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        var unknownUser = await (await admin.PostJsonAsync($"/api/workflow-instances/{instanceId}/tasks/{taskId}/reassign", """{ "userName": "nobody", "reason": "x" }"""))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        var badDate = await (await admin.PostJsonAsync($"/api/workflow-instances/{instanceId}/tasks/{taskId}/due", """{ "dueAt": "next week", "reason": "x" }"""))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.NotEmpty(problem.ErrorsFor("reason"));
        Assert.NotEmpty(unknownUser.ErrorsFor("userName"));
        Assert.NotEmpty(badDate.ErrorsFor("dueAt"));
        Assert.Equal(journal, (await JournalAsync(instanceId)).Count);
    }

    [Fact]
    public async Task ChangeDueDate_MovesTheTasksDeadline_WithTheReasonInTheJournal()
    {
        var (instanceId, taskId) = await StartAsync();
        var admin = await Server.ClientForAsync("admin");

        await (await admin.PostJsonAsync($"/api/workflow-instances/{instanceId}/tasks/{taskId}/due",
            """{ "dueAt": "2031-03-14", "reason": "材料补充，延期" }""")).ExpectAsync(HttpStatusCode.OK);

        var task = (await (await admin.GetAsync($"/api/tasks/{taskId}")).ExpectObjectAsync(HttpStatusCode.OK))["task"]!;
        Assert.Equal(new DateTimeOffset(2031, 3, 14, 23, 59, 59, TimeSpan.FromHours(8)), DateTimeOffset.Parse((string)task["dueAt"]!, System.Globalization.CultureInfo.InvariantCulture));
        var entry = (await JournalAsync(instanceId)).Single(e => (string)e!["event"]! == "TaskDueDateChanged")!;
        Assert.Equal("材料补充，延期", (string)entry["message"]!);
    }

    [Fact]
    public async Task Jump_CancelsTheOpenTask_AndContinuesAtTheChosenStep()
    {
        var (instanceId, taskId) = await StartAsync();
        var admin = await Server.ClientForAsync("admin");

        var view = await (await admin.PostJsonAsync($"/api/workflow-instances/{instanceId}/jump",
            """{ "activityId": "returned", "reason": "申请人撤回材料" }""")).ExpectObjectAsync(HttpStatusCode.OK);

        Assert.Equal(("Completed", "returned"), ((string)view["status"]!, (string)view["result"]!));
        var task = (await (await admin.GetAsync($"/api/tasks/{taskId}")).ExpectObjectAsync(HttpStatusCode.OK))["task"]!;
        Assert.Equal("Cancelled", (string)task["status"]!);
        Assert.Contains(await JournalAsync(instanceId), e => (string)e!["event"]! == "InstanceJumped" && (string)e["message"]! == "申请人撤回材料");
        await (await admin.PostJsonAsync($"/api/workflow-instances/{instanceId}/jump", """{ "activityId": "review", "reason": "again" }"""))
            .ExpectProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task SetVariable_ChangesItsValue_AndAnUnknownVariableIs400()
    {
        var (instanceId, _) = await StartAsync();
        var admin = await Server.ClientForAsync("admin");

        var view = await (await admin.PutJsonAsync($"/api/workflow-instances/{instanceId}/variables/round", """{ "value": 2, "reason": "第二轮" }"""))
            .ExpectObjectAsync(HttpStatusCode.OK);
        var unknown = await (await admin.PutJsonAsync($"/api/workflow-instances/{instanceId}/variables/nope", """{ "value": 2, "reason": "x" }"""))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(2, (int)view["variables"]!["round"]!);
        Assert.NotEmpty(unknown.ErrorsFor("name"));
        var entry = (await JournalAsync(instanceId)).Single(e => (string)e!["event"]! == "VariableChanged")!;
        Assert.Equal((0, 2), ((int)entry["data"]!["before"]!, (int)entry["data"]!["after"]!));
    }

    [Fact]
    public async Task EachAdjustment_IsInTheAuditLog_WithWhoAndWhy_AndARefusedOneIsNot()
    {
        var (instanceId, taskId) = await StartAsync();
        var admin = await Server.ClientForAsync("admin");

        await (await admin.PostJsonAsync($"/api/workflow-instances/{instanceId}/tasks/{taskId}/reassign", """{ "userName": "expert2" }"""))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.PostJsonAsync($"/api/workflow-instances/{instanceId}/tasks/{taskId}/reassign", """{ "userName": "expert2", "reason": "郑专家休假" }"""))
            .ExpectAsync(HttpStatusCode.OK);
        await (await admin.PostJsonAsync($"/api/workflow-instances/{instanceId}/tasks/{taskId}/due", """{ "dueAt": "2031-03-14", "reason": "材料补充" }"""))
            .ExpectAsync(HttpStatusCode.OK);
        await (await admin.PutJsonAsync($"/api/workflow-instances/{instanceId}/variables/round", """{ "value": 2, "reason": "第二轮" }"""))
            .ExpectAsync(HttpStatusCode.OK);
        await (await admin.PostJsonAsync($"/api/workflow-instances/{instanceId}/jump", """{ "activityId": "returned", "reason": "申请人撤回" }"""))
            .ExpectAsync(HttpStatusCode.OK);

        var records = (await (await admin.GetAsync($"/api/audit?user={instanceId}&action=instance.adjust.")).ExpectObjectAsync(HttpStatusCode.OK))["items"]!.AsArray()
            .Select(r => r!.AsObject()).Reverse().ToList();
        Assert.Equal(["instance.adjust.reassign", "instance.adjust.due-date", "instance.adjust.variable", "instance.adjust.jump"], records.Select(r => (string)r["action"]!));
        Assert.All(records, r => Assert.Equal(("admin", instanceId), ((string)r["actor"]!, (string)r["target"]!)));
        var details = records.Select(r => JsonNode.Parse((string)r["details"]!)!).ToList();
        Assert.Equal(["郑专家休假", "材料补充", "第二轮", "申请人撤回"], details.Select(d => (string)d["reason"]!));
        Assert.Equal(("expert2", taskId), ((string)details[0]["to"]!, (string)details[0]["taskId"]!));
        Assert.Equal("returned", (string)details[3]["to"]!);
    }

    [Fact]
    public async Task OnlyAdministratorsAndTheRolesTheDefinitionNames_MayAdjust()
    {
        var (plain, plainTask) = await StartAsync();
        var (office, officeTask) = await StartAsync("\"options\": { \"adjusterRoles\": [\"health-office\"] },");
        var clerk = await Server.ClientForAsync("health-clerk");
        var starter = await Server.ClientForAsync("drafter");
        const string body = """{ "userName": "expert2", "reason": "改派" }""";

        await (await clerk.PostJsonAsync($"/api/workflow-instances/{plain}/tasks/{plainTask}/reassign", body)).ExpectProblemAsync(HttpStatusCode.NotFound);
        var forbidden = await starter.PostJsonAsync($"/api/workflow-instances/{plain}/tasks/{plainTask}/reassign", body);
        await (await clerk.PostJsonAsync($"/api/workflow-instances/{office}/tasks/{officeTask}/reassign", body)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    [Fact]
    public async Task AnUnknownTask_Is404_AndAStaleExpectedVersion_Is409()
    {
        var (instanceId, taskId) = await StartAsync();
        var admin = await Server.ClientForAsync("admin");

        await (await admin.PostJsonAsync($"/api/workflow-instances/{instanceId}/tasks/nope/reassign", """{ "userName": "expert2", "reason": "x" }"""))
            .ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await admin.PostJsonAsync($"/api/workflow-instances/{instanceId}/tasks/{taskId}/due", """{ "dueAt": "2031-03-14", "reason": "x", "expectedVersion": 999 }"""))
            .ExpectProblemAsync(HttpStatusCode.Conflict, "changed by someone else");
    }
}
