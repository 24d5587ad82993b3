using System.Reflection;
using Workflows.Core.Validation;

namespace Workflows.Core.Tests.Validation;

public sealed class ValidationCodeCoverageTests
{
    /// <summary>The codes this folder's tests cover, each with a valid and an invalid case.</summary>
    private static readonly string[] Covered =
    [
        ValidationCodes.MissingDefinitionId, ValidationCodes.MissingActivityId, ValidationCodes.DuplicateActivityId, ValidationCodes.IdTooLong,
        ValidationCodes.UnknownActivityType, ValidationCodes.NoStart, ValidationCodes.MultipleStart,
        ValidationCodes.ConnectionSourceMissing, ValidationCodes.ConnectionTargetMissing, ValidationCodes.UnknownPort,
        ValidationCodes.Unreachable, ValidationCodes.EndUnreachable, ValidationCodes.JoinTooFewInbound,
        ValidationCodes.UnknownExpressionType, ValidationCodes.JavaScriptSyntax, ValidationCodes.LiquidSyntax,
        ValidationCodes.MissingInput, ValidationCodes.InvalidInput, ValidationCodes.InvalidInputField,
        ValidationCodes.UnknownAssignee, ValidationCodes.UnknownRootType, ValidationCodes.ScheduledStartInputs,
        ValidationCodes.ElsaFormat, ValidationCodes.ElsaRootType, ValidationCodes.ElsaUnsupportedActivity, ValidationCodes.ElsaUnsupportedExpression,
        ValidationCodes.ElsaScript,
    ];

    [Fact]
    public void EveryValidationCode_HasTestsInThisFolder()
    {
        var codes = typeof(ValidationCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .Order()
            .ToList();

        // A new code fails here until it has a valid and an invalid case beside the others.
        Assert.Equal(codes, Covered.Order());
    }

    [Fact]
    public void CodesAreTheirOwnNames_SoToolsCanKeyOnThem()
    {
        foreach (var field in typeof(ValidationCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral))
        {
            Assert.Equal(field.Name, field.GetRawConstantValue());
        }
    }
}
