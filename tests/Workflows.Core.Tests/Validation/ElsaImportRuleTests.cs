using Workflows.Core.Elsa;
using Workflows.Core.Validation;

namespace Workflows.Core.Tests.Validation;

/// <summary>The codes an Elsa import reports, each with a file that passes and one that does not.</summary>
public sealed class ElsaImportRuleTests
{
    private static string Elsa(string rootType = "Elsa.Flowchart", string type = "Elsa.WriteLine", string expressionType = "Literal", string value = "hello") => $$"""
        { "definitionId": "rules", "name": "rules",
          "root": { "type": "{{rootType}}", "activities": [
            { "id": "a", "type": "{{type}}", "text": { "typeName": "String", "expression": { "type": "{{expressionType}}", "value": "{{value}}" } } } ] } }
        """;

    private static IReadOnlyList<ValidationProblem> Problems(string json) => ElsaImporter.Convert(json).Problems;

    [Fact]
    public void TheBaseFile_HasNoProblems() => Assert.Empty(Problems(Elsa()));

    [Fact]
    public void ElsaFormat() =>
        Assert.Equal(ValidationCodes.ElsaFormat, Assert.Single(Problems("""{ "definitionId": "x" }""")).Code);

    [Fact]
    public void ElsaRootType() =>
        Assert.Equal((ValidationCodes.ElsaRootType, true), (Assert.Single(Problems(Elsa(rootType: "Elsa.Sequence"))).Code, ElsaImporter.Convert(Elsa(rootType: "Elsa.Sequence")).Definition is null));

    [Fact]
    public void ElsaUnsupportedActivity()
    {
        var problem = Assert.Single(Problems(Elsa(type: "Elsa.RunPython")));

        Assert.Equal((ValidationCodes.ElsaUnsupportedActivity, "a", "a: Elsa.RunPython: not supported"), (problem.Code, problem.ActivityId, problem.Message));
    }

    [Fact]
    public void ElsaUnsupportedExpression() =>
        Assert.Equal((ValidationCodes.ElsaUnsupportedExpression, "a"), Assert.Single(Problems(Elsa(expressionType: "Python"))) is var p ? (p.Code, p.ActivityId) : default);

    [Fact]
    public void ElsaScript()
    {
        Assert.Empty(Problems(Elsa(expressionType: "JavaScript", value: "Math.max(1, 2) + JSON.stringify(variables)")));

        var problem = Assert.Single(Problems(Elsa(expressionType: "JavaScript", value: "setOutcome('x')")));

        Assert.Equal((ValidationCodes.ElsaScript, "a"), (problem.Code, problem.ActivityId));
        Assert.Contains("'setOutcome()'", problem.Message);
    }
}
