using System.Text.Json.Nodes;
using Workflows.Core.Definitions;
using Workflows.Core.Organisation;
using Workflows.Core.Validation;
using static Workflows.Core.Tests.Flow;

namespace Workflows.Core.Tests.Validation;

/// <summary>Assignee roles and users that do not exist are warnings: the organisation may still be set up later.</summary>
public sealed class AssigneeRuleTests
{
    private static readonly IOrganisationDirectory Org =
        new InMemoryOrganisationDirectory().AddRole("reviewer").AddRole("health-office").AddUser("zhang.san").AddUser("li.si");

    private static WorkflowDefinition Approval(string input, JsonNode assignees)
    {
        var definition = Validate.Approval().Build();
        definition.Activity("review").Inputs[input] = Lit(assignees);
        return definition;
    }

    private static JsonObject Assignees(string[]? roles = null, string[]? users = null)
    {
        var assignees = new JsonObject();
        if (roles is not null)
        {
            assignees["roles"] = new JsonArray(roles.Select(r => (JsonNode)r).ToArray());
        }
        if (users is not null)
        {
            assignees["users"] = new JsonArray(users.Select(u => (JsonNode)u).ToArray());
        }
        return assignees;
    }

    [Fact]
    public void ExistingRolesAndUsers_AreValid()
    {
        var definition = Approval("assignTo", Assignees(["reviewer", "health-office"], ["zhang.san"]));
        definition.Activity("review").Inputs["cc"] = Lit(Assignees(users: ["li.si"]));

        Validate.IsValid(definition, Org);
    }

    [Fact]
    public void UnknownAssignee_Role_IsAWarning()
    {
        var definition = Approval("assignTo", Assignees(["reviewer", "auditor"]));

        Validate.HasProblem(definition, ValidationCodes.UnknownAssignee, "review", ["input 'assignTo'", "role 'auditor'", "does not exist"],
            Org, ValidationSeverity.Warning);
    }

    [Fact]
    public void UnknownAssignee_User_IsAWarning()
    {
        var definition = Approval("assignTo", Assignees(users: ["zhang.san", "wang.wu"]));

        Validate.HasProblem(definition, ValidationCodes.UnknownAssignee, "review", ["input 'assignTo'", "user 'wang.wu'", "does not exist"],
            Org, ValidationSeverity.Warning);
    }

    [Theory]
    [InlineData("escalateTo")]
    [InlineData("cc")]
    public void UnknownAssignee_InEscalationAndCc(string input)
    {
        var definition = Validate.Approval().Build();
        definition.Activity("review").Inputs[input] = Lit(Assignees(["director"]));

        Validate.HasProblem(definition, ValidationCodes.UnknownAssignee, "review", [$"input '{input}'", "role 'director'"],
            Org, ValidationSeverity.Warning);
    }

    [Fact]
    public void UnknownAssignee_NotifyRecipients()
    {
        var definition = new Flow("notify").Start()
            .Activity("cc", "Notify", ("to", Lit(Assignees(users: ["ghost"]))), ("title", Lit("抄送")))
            .End("done")
            .Connect("start", "cc").Connect("cc", "done")
            .Build();

        Validate.HasProblem(definition, ValidationCodes.UnknownAssignee, "cc", ["input 'to'", "user 'ghost'"], Org, ValidationSeverity.Warning);
    }

    [Fact]
    public void EachUnknownNameIsItsOwnWarning()
    {
        var definition = Approval("assignTo", Assignees(["auditor", "director"], ["ghost"]));

        var problems = Validate.Problems(definition, Org);

        Assert.Equal(3, problems.Count);
        Assert.All(problems, p => Assert.Equal((ValidationCodes.UnknownAssignee, "review", ValidationSeverity.Warning), (p.Code, p.ActivityId, p.Severity)));
    }

    [Fact]
    public void WithoutADirectory_AssigneesAreNotChecked()
    {
        Validate.IsValid(Approval("assignTo", Assignees(["auditor"], ["ghost"])));
    }

    [Fact]
    public void AssigneesFromAnExpression_AreOnlyKnownAtRunTime()
    {
        var definition = Validate.Approval().Build();
        definition.Activity("review").Inputs["assignTo"] = Js("['ghost']");

        Validate.IsValid(definition, Org);
    }
}
