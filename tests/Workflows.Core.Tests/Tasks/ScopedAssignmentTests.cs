using System.Text.Json.Nodes;
using Workflows.Core.Runtime;
using Workflows.Core.Tasks;
using static Workflows.Core.Tests.Flow;

namespace Workflows.Core.Tests.Tasks;

/// <summary>A role restricted to a case's department reaches its holders there (and below), never the whole role.</summary>
public sealed class ScopedAssignmentTests
{
    private readonly EngineFixture _fixture = new();

    public ScopedAssignmentTests()
    {
        _fixture.Organisation
            .AddDepartment("district")
            .AddDepartment("mall-a", "district")
            .AddDepartment("mall-a-security", "mall-a")
            .AddDepartment("mall-b", "district")
            .AddDepartment("reform", "district")
            .AddDepartment("finance", "district")
            .AddUser("unit-a", "mall-a", null, "hazard-unit")
            .AddUser("unit-a-guard", "mall-a-security", null, "hazard-unit")
            .AddUser("unit-b", "mall-b", null, "hazard-unit")
            .AddUser("reform-drafter", "reform", null, "drafter")
            .AddUser("reform-review", "reform", null, "fair-review-unit")
            .AddUser("finance-drafter", "finance", null, "drafter")
            .AddUser("finance-review", "finance", null, "fair-review-unit");
    }

    private async Task<WorkflowInstance> StartAsync(string id, JsonNode assignTo, JsonObject? input = null, string actor = "starter", string mode = TaskModes.Single, JsonNode? cc = null)
    {
        var inputs = new List<(string, Workflows.Core.Definitions.ExpressionDefinition)>
        {
            ("title", Lit("整改")), ("assignTo", assignTo is JsonValue js && js.GetValueKind() == System.Text.Json.JsonValueKind.String ? Js(js.GetValue<string>()) : Lit(assignTo)),
            ("mode", Lit(mode)), ("outcomes", Lit(new JsonArray(new JsonObject { ["name"] = "done" }))),
        };
        if (cc is not null)
        {
            inputs.Add(("cc", Lit(cc)));
        }
        // Issue 14: a start input must be declared, so the case's fields are declared as text.
        var flow = new Flow(id);
        foreach (var (name, _) in input ?? [])
        {
            flow.Input(name, required: false);
        }
        _fixture.Publish(flow.Start().Activity("act", "UserTask", [.. inputs]).End("end", "ok")
            .Connect("start", "act").Connect("act", "end", "done").Build());
        return await _fixture.StartAsync(id, input, actor);
    }

    private static TaskState Task(WorkflowInstance instance) => TaskState.Read(EngineFixture.TaskOf(instance, "act"));

    private AssigneeResolver Resolver => new(_fixture.Organisation);

    [Fact]
    public async Task RoleInADepartmentFromTheCase_IsOfferedOnlyToItsHoldersThereAndBelow()
    {
        var instance = await StartAsync("scoped-js", JsonValue.Create("({ roles: ['hazard-unit'], department: input.hazardUnit })")!,
            new JsonObject { ["hazardUnit"] = "mall-a" });

        var task = Task(instance);
        Assert.Empty(task.CandidateRoles);
        Assert.Equal([new RoleInDepartment("hazard-unit", "mall-a")], task.CandidateScopedRoles);
        Assert.True(Resolver.IsCandidate("unit-a", task));
        Assert.True(Resolver.IsCandidate("unit-a-guard", task));
        Assert.False(Resolver.IsCandidate("unit-b", task));
        var refused = await Assert.ThrowsAsync<WorkflowCommandException>(() => _fixture.Engine.ResumeAsync(instance.Id,
            EngineFixture.TaskOf(instance, "act").Id, new ResumeRequest { Action = TaskActions.Claim, Actor = "unit-b" }));
        Assert.Equal(ErrorCodes.NotYourTask, refused.Code);

        var done = await _fixture.Engine.ResumeAsync(instance.Id, EngineFixture.TaskOf(instance, "act").Id,
            new ResumeRequest { Actor = "unit-a-guard", Outcome = "done" });
        Assert.Equal(WorkflowStatus.Completed, done.Status);
    }

    [Fact]
    public async Task DepartmentOfTheStarter_ReachesTheDraftingDepartmentsOwnReviewer()
    {
        var assignTo = new JsonObject { ["roles"] = new JsonArray("fair-review-unit"), ["department"] = new JsonObject { ["of"] = "starter" } };

        var fromReform = await StartAsync("of-starter", assignTo, actor: "reform-drafter");
        var fromFinance = await _fixture.StartAsync("of-starter", null, "finance-drafter");

        Assert.True(Resolver.IsCandidate("reform-review", Task(fromReform)));
        Assert.False(Resolver.IsCandidate("finance-review", Task(fromReform)));
        Assert.True(Resolver.IsCandidate("finance-review", Task(fromFinance)));
        Assert.False(Resolver.IsCandidate("reform-review", Task(fromFinance)));
    }

    [Fact]
    public async Task AllMode_ExpandsTheRoleToItsHoldersInTheDepartmentOnly()
    {
        var instance = await StartAsync("scoped-all", new JsonObject { ["roles"] = new JsonArray("hazard-unit"), ["department"] = "mall-a" }, mode: TaskModes.All);

        Assert.Equal(["unit-a", "unit-a-guard"], Task(instance).Signers.Select(s => s.UserName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task NobodyInTheDepartment_FaultsWithAnIncidentNamingRoleAndDepartment_AndRetryWorksOnceSomeoneIsAdded()
    {
        var instance = await StartAsync("nobody", new JsonObject { ["roles"] = new JsonArray("hazard-unit"), ["department"] = "reform" });

        Assert.Equal(WorkflowStatus.Faulted, instance.Status);
        var incident = Assert.Single(instance.Incidents);
        Assert.Contains("hazard-unit", incident.Message);
        Assert.Contains("reform", incident.Message);
        Assert.DoesNotContain(instance.Bookmarks, b => b.Kind == BookmarkKinds.UserTask);

        _fixture.Organisation.AddUser("reform-safety", "reform", null, "hazard-unit");
        var retried = await _fixture.Engine.RetryAsync(instance.Id, "admin");

        Assert.Equal(WorkflowStatus.Running, retried.Status);
        var task = Task(retried);
        Assert.True(Resolver.IsCandidate("reform-safety", task));
        Assert.False(Resolver.IsCandidate("unit-a", task));
    }

    [Fact]
    public async Task AnUnknownDepartment_FaultsAndSaysTheDepartmentDoesNotExist()
    {
        var instance = await StartAsync("unknown-dept", new JsonObject { ["roles"] = new JsonArray("hazard-unit"), ["department"] = "mall-z" });

        Assert.Equal(WorkflowStatus.Faulted, instance.Status);
        Assert.Contains("'mall-z' (no such department)", Assert.Single(instance.Incidents).Message);
    }

    [Fact]
    public async Task CcToARoleInADepartmentWithNoHolder_FaultsInsteadOfCopyingTheWholeRole()
    {
        var instance = await StartAsync("cc-scoped", new JsonObject { ["users"] = new JsonArray("reviewer") },
            cc: new JsonObject { ["roles"] = new JsonArray("hazard-unit"), ["department"] = "finance" });

        var completed = await _fixture.Engine.ResumeAsync(instance.Id, EngineFixture.TaskOf(instance, "act").Id,
            new ResumeRequest { Actor = "reviewer", Outcome = "done" });

        Assert.Equal(WorkflowStatus.Faulted, completed.Status);
        Assert.Contains("role 'hazard-unit' in department 'finance'", Assert.Single(completed.Incidents).Message);
    }

    [Fact]
    public void DepartmentWithoutRoles_IsRefused()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            Resolver.Resolve(new JsonObject { ["users"] = new JsonArray("a"), ["department"] = "mall-a" }, "starter", null));
        Assert.Contains("names no roles", error.Message);
    }

    [Fact]
    public async Task DepartmentFromAStartFormField_ReachesThatDepartmentsHolders()
    {
        var assignTo = new JsonObject { ["roles"] = new JsonArray("hazard-unit"), ["department"] = new JsonObject { ["input"] = "hazardUnit" } };

        var instance = await StartAsync("from-field", assignTo, new JsonObject { ["hazardUnit"] = "mall-b" });

        Assert.Equal([new RoleInDepartment("hazard-unit", "mall-b")], Task(instance).CandidateScopedRoles);
        Assert.True(Resolver.IsCandidate("unit-b", Task(instance)));
        Assert.False(Resolver.IsCandidate("unit-a", Task(instance)));
    }

    [Fact]
    public async Task OrganisationFields_RefuseDepartmentsAndPeopleTheOrganisationDoesNotHave_NamingEachField()
    {
        _fixture.Publish(new Flow("org-fields").Input("hazardUnit", "department").Input("leader", "user").Input("experts", "users")
            .Start().End().Connect("start", "end").Build());

        var refused = await Assert.ThrowsAsync<WorkflowInputException>(() => _fixture.StartAsync("org-fields",
            new JsonObject { ["hazardUnit"] = "mall-z", ["leader"] = "nobody", ["experts"] = new JsonArray("expert1", "ghost") }));
        var started = await _fixture.StartAsync("org-fields",
            new JsonObject { ["hazardUnit"] = "mall-a", ["leader"] = "head", ["experts"] = new JsonArray("expert1", "expert2") });

        Assert.Equal(["experts", "hazardUnit", "leader"], refused.Errors.Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Contains("'mall-z' does not exist", refused.Errors.Single(e => e.Name == "hazardUnit").Message);
        Assert.Contains("'ghost'", refused.Errors.Single(e => e.Name == "experts").Message);
        Assert.Equal(WorkflowStatus.Completed, started.Status);
    }
}
