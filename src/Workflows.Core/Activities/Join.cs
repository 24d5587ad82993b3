using Workflows.Core.Definitions;
using Workflows.Core.Validation;

namespace Workflows.Core.Activities;

/// <summary>
/// <c>all</c> completes once a token has arrived on every inbound connection since it last completed (so loops
/// work); <c>any</c> completes on the first token and cancels the open work on the other branches.
/// </summary>
[Activity("Join", DisplayName = "汇合 Join", Category = "Flow", Description = "Waits for all branches, or the first of them.")]
public sealed class Join : Activity
{
    public const string All = "all";
    public const string Any = "any";

    public static readonly ActivityInput<string> Mode = new("mode", description: "all (default) or any.");

    public override ActivityResult Execute(ActivityContext context)
    {
        var arrivals = context.Instance.JoinArrivals;
        var id = context.Activity.Id;
        if (context.Get(Mode) == Any)
        {
            arrivals.Remove(id);
            context.CancelBranchesLeadingHere();
            return ActivityResult.Done();
        }
        if (!arrivals.TryGetValue(id, out var arrived))
        {
            arrivals[id] = arrived = [];
        }
        if (context.ArrivedVia is { } via && !arrived.Contains(via))
        {
            arrived.Add(via);
        }
        if (!context.InboundConnections.All(arrived.Contains))
        {
            return ActivityResult.Wait();
        }
        arrivals.Remove(id);
        return ActivityResult.Done();
    }

    public override IEnumerable<ValidationProblem> Validate(ActivityDefinition activity)
    {
        if (activity.Inputs.TryGetValue(Mode.Name, out var mode) && mode.Type == ExpressionTypes.Literal
            && mode.Value?.ToString() is { } value && value is not (All or Any))
        {
            yield return ValidationProblem.Error(ValidationCodes.InvalidInput, activity.Id, $"Join mode '{value}' is not 'all' or 'any'");
        }
    }
}
