using System.Text.Json;
using System.Text.Json.Nodes;
using Workflows.Core.Definitions;
using Workflows.Core.Runtime;
using Workflows.Core.Validation;

namespace Workflows.Core.Activities;

/// <summary>One case of a Switch: its port name and a condition expression.</summary>
public sealed record SwitchCase(string Name, ExpressionDefinition Condition);

[Activity("Switch", DisplayName = "分支 Switch", Category = "Flow", Description = "Continues on the first case whose condition holds, else on Default.")]
public sealed class Switch : Activity
{
    public const string Default = "Default";

    public static readonly ActivityInput<List<SwitchCase>> Cases = new("cases", required: true,
        description: "[{ name, condition: { type, value } }], tried in order.");

    public override IEnumerable<string> GetPorts(ActivityDefinition activity) =>
        [.. LiteralCases(activity).Select(c => c.Name), Default];

    public override ActivityResult Execute(ActivityContext context)
    {
        foreach (var @case in context.Get(Cases) ?? [])
        {
            if (context.Evaluate(@case.Condition) is JsonValue value && value.GetValueKind() == JsonValueKind.True)
            {
                return ActivityResult.Complete(@case.Name);
            }
        }
        return ActivityResult.Complete(Default);
    }

    public override IEnumerable<ValidationProblem> Validate(ActivityDefinition activity)
    {
        foreach (var @case in LiteralCases(activity))
        {
            if (string.IsNullOrWhiteSpace(@case.Name) || @case.Name == Default)
            {
                yield return ValidationProblem.Error(ValidationCodes.InvalidInput, activity.Id, $"a Switch case needs a name other than '{Default}'");
            }
            if (@case.Condition is null)
            {
                yield return ValidationProblem.Error(ValidationCodes.InvalidInput, activity.Id, $"Switch case '{@case.Name}' has no condition");
            }
        }
    }

    /// <summary>Cases written as a literal list; an expression-built list has no known ports until run time.</summary>
    internal static IReadOnlyList<SwitchCase> LiteralCases(ActivityDefinition activity)
    {
        if (!activity.Inputs.TryGetValue(Cases.Name, out var expression) || expression.Type != ExpressionTypes.Literal)
        {
            return [];
        }
        try
        {
            // A null entry is no case at all; a case without a condition is reported by Validate.
            return expression.Value?.Deserialize<List<SwitchCase>>(InstanceJson.Options)?.Where(c => c is not null).ToList() ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
