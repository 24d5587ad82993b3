namespace Workflows.Core.Validation;

public enum ValidationSeverity
{
    Error,
    Warning,
}

/// <summary>One problem in a definition: a stable code, the activity it concerns (null for the definition itself) and a readable message.</summary>
public sealed record ValidationProblem(string Code, string? ActivityId, string Message, ValidationSeverity Severity)
{
    public static ValidationProblem Error(string code, string? activityId, string message) => new(code, activityId, message, ValidationSeverity.Error);
    public static ValidationProblem Warning(string code, string? activityId, string message) => new(code, activityId, message, ValidationSeverity.Warning);
}

/// <summary>Stable codes: tools and translations key on them, so never rename one.</summary>
public static class ValidationCodes
{
    public const string MissingDefinitionId = "MissingDefinitionId";
    public const string MissingActivityId = "MissingActivityId";
    public const string DuplicateActivityId = "DuplicateActivityId";
    public const string IdTooLong = "IdTooLong";
    public const string UnknownActivityType = "UnknownActivityType";
    public const string NoStart = "NoStart";
    public const string MultipleStart = "MultipleStart";
    public const string ConnectionSourceMissing = "ConnectionSourceMissing";
    public const string ConnectionTargetMissing = "ConnectionTargetMissing";
    public const string UnknownPort = "UnknownPort";
    public const string Unreachable = "Unreachable";
    public const string EndUnreachable = "EndUnreachable";
    public const string JoinTooFewInbound = "JoinTooFewInbound";
    public const string UnknownExpressionType = "UnknownExpressionType";
    public const string JavaScriptSyntax = "JavaScriptSyntax";
    public const string LiquidSyntax = "LiquidSyntax";
    public const string MissingInput = "MissingInput";
    public const string InvalidInput = "InvalidInput";
    public const string InvalidInputField = "InvalidInputField";
    public const string UnknownAssignee = "UnknownAssignee";
    public const string UnknownRootType = "UnknownRootType";
    public const string ScheduledStartInputs = "ScheduledStartInputs";

    // Elsa import: the first four refuse a file outright (never a partial import); ElsaScript is a validation error.
    public const string ElsaFormat = "ElsaFormat";
    public const string ElsaRootType = "ElsaRootType";
    public const string ElsaUnsupportedActivity = "ElsaUnsupportedActivity";
    public const string ElsaUnsupportedExpression = "ElsaUnsupportedExpression";
    public const string ElsaScript = "ElsaScript";
}

/// <summary>Sizes every store can keep: ids are indexed, and SQL Server cannot index unbounded text.</summary>
public static class DefinitionLimits
{
    public const int MaxIdLength = 128;
}
