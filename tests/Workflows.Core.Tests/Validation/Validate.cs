using System.Text.Json.Nodes;
using Workflows.Core.Definitions;
using Workflows.Core.Organisation;
using Workflows.Core.Validation;

namespace Workflows.Core.Tests.Validation;

/// <summary>Runs the engine's validator and asserts on the problems it names.</summary>
internal static class Validate
{
    private static readonly WorkflowValidator Validator = new EngineFixture().Validator;

    /// <summary>start → review (approve | reject) → done: a valid definition each test bends one way.</summary>
    public static Flow Approval(string definitionId = "approval") => new Flow(definitionId)
        .Start()
        .Task("review", "approve", "reject")
        .End("done", "approved")
        .Connect("start", "review")
        .Connect("review", "done", "approve")
        .Connect("review", "done", "reject");

    public static IReadOnlyList<ValidationProblem> Problems(WorkflowDefinition definition, IOrganisationDirectory? directory = null) =>
        Validator.Validate(definition, directory);

    public static void IsValid(WorkflowDefinition definition, IOrganisationDirectory? directory = null)
    {
        var problems = Problems(definition, directory);
        Assert.True(problems.Count == 0, "expected no problems, got:\n" + string.Join("\n", problems));
    }

    /// <summary>
    /// Asserts the definition has exactly the one problem (plus, if listed, the consequences that necessarily follow
    /// it) and that its message names every one of <paramref name="mentions"/>.
    /// </summary>
    public static ValidationProblem HasProblem(WorkflowDefinition definition, string code, string? activityId, string[] mentions,
        IOrganisationDirectory? directory = null, ValidationSeverity severity = ValidationSeverity.Error, params (string Code, string? ActivityId)[] alsoExpected)
    {
        var problems = Problems(definition, directory);
        var expected = alsoExpected.Prepend((code, activityId)).Order().ToList();
        Assert.True(
            expected.SequenceEqual(problems.Select(p => (p.Code, p.ActivityId)).Order()),
            $"expected {string.Join(", ", expected)}, got:\n" + string.Join("\n", problems));
        var problem = problems.First(p => p.Code == code && p.ActivityId == activityId);
        Assert.Equal(severity, problem.Severity);
        IsReadable(problem.Message, mentions);
        return problem;
    }

    public static void IsReadable(string message, params string[] mentions)
    {
        Assert.False(string.IsNullOrWhiteSpace(message));
        Assert.DoesNotContain("Exception", message, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", message, StringComparison.Ordinal);
        // Fluid appends the template source on further lines; what matters is on the first (the CLI joins the lines).
        message = message.Split('\n')[0];
        foreach (var mention in mentions)
        {
            Assert.Contains(mention, message, StringComparison.Ordinal);
        }
    }

    public static ActivityDefinition Activity(this WorkflowDefinition definition, string id) =>
        definition.Root.Activities.Single(a => a.Id == id);

    public static ConnectionDefinition Connection(this WorkflowDefinition definition, string source, string port) =>
        definition.Root.Connections.Single(c => c.Source.Activity == source && c.Source.Port == port);

    public static JsonArray Outcomes(params string[] names) =>
        new(names.Select(n => (JsonNode)new JsonObject { ["name"] = n }).ToArray());
}
