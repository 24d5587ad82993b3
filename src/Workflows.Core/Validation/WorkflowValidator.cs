using System.Text.Json;
using System.Text.Json.Nodes;
using Workflows.Core.Activities;
using Workflows.Core.Definitions;
using Workflows.Core.Expressions;
using Workflows.Core.Organisation;
using Workflows.Core.Triggers;

namespace Workflows.Core.Validation;

/// <summary>Checks a definition before it is published or run: every problem is named with a code and the activity.</summary>
public sealed class WorkflowValidator(ActivityRegistry activities, IExpressionEvaluator expressions)
{
    private static readonly string[] AssigneeInputs = ["assignTo", "escalateTo", "cc", "to"];

    /// <param name="directory">When given, assignee users and roles that do not exist are warned about.</param>
    public IReadOnlyList<ValidationProblem> Validate(WorkflowDefinition definition, IOrganisationDirectory? directory = null)
    {
        var problems = new List<ValidationProblem>();
        if (string.IsNullOrWhiteSpace(definition.DefinitionId))
        {
            problems.Add(ValidationProblem.Error(ValidationCodes.MissingDefinitionId, null, "the definition has no definitionId"));
        }
        else if (definition.DefinitionId.Length > DefinitionLimits.MaxIdLength)
        {
            problems.Add(ValidationProblem.Error(ValidationCodes.IdTooLong, null,
                $"the definitionId is {definition.DefinitionId.Length} characters long; at most {DefinitionLimits.MaxIdLength} are kept"));
        }
        if (definition.Root.Type != FlowchartDefinition.RootType)
        {
            problems.Add(ValidationProblem.Error(ValidationCodes.UnknownRootType, null,
                $"root.type is '{definition.Root.Type}'; a definition's root is a '{FlowchartDefinition.RootType}'"));
        }
        CheckInputFields(definition, problems);
        var byId = CheckActivities(definition, problems, directory);
        CheckConnections(definition, byId, problems);
        CheckReachability(definition, byId, problems);
        CheckStartTrigger(definition, problems);
        return problems;
    }

    /// <summary>A schedule starts instances with no input, and nothing may lead back into a start.</summary>
    private static void CheckStartTrigger(WorkflowDefinition definition, List<ValidationProblem> problems)
    {
        var start = definition.Root.Activities.FirstOrDefault(a => StartTypes.IsStart(a.Type));
        if (start is null)
        {
            return;
        }
        if (StartTypes.IsScheduled(start.Type) && definition.Inputs.Where(f => f.Required).Select(f => f.Name).ToList() is { Count: > 0 } required)
        {
            problems.Add(ValidationProblem.Error(ValidationCodes.ScheduledStartInputs, start.Id,
                $"a {start.Type} starts instances without input, so no start input may be required ({string.Join(", ", required)})"));
        }
        if (start.Type != StartTypes.Start && definition.Root.Connections.Any(c => c.Target.Activity == start.Id))
        {
            problems.Add(ValidationProblem.Error(ValidationCodes.InvalidInput, start.Id, $"nothing may lead into the start trigger '{start.Id}'"));
        }
    }

    private static void CheckInputFields(WorkflowDefinition definition, List<ValidationProblem> problems)
    {
        foreach (var field in definition.Inputs)
        {
            if (string.IsNullOrWhiteSpace(field.Name))
            {
                problems.Add(ValidationProblem.Error(ValidationCodes.InvalidInputField, null, "a start input has no name"));
            }
            else if (!FieldTypes.All.Contains(field.Type))
            {
                problems.Add(ValidationProblem.Error(ValidationCodes.InvalidInputField, null,
                    $"start input '{field.Name}' has unknown type '{field.Type}' (expected {string.Join(", ", FieldTypes.All)})"));
            }
        }
    }

    private Dictionary<string, ActivityDefinition> CheckActivities(WorkflowDefinition definition, List<ValidationProblem> problems, IOrganisationDirectory? directory)
    {
        var byId = new Dictionary<string, ActivityDefinition>(StringComparer.Ordinal);
        var starts = 0;
        foreach (var activity in definition.Root.Activities)
        {
            if (string.IsNullOrWhiteSpace(activity.Id))
            {
                problems.Add(ValidationProblem.Error(ValidationCodes.MissingActivityId, null, $"an activity of type '{activity.Type}' has no id"));
                continue;
            }
            if (activity.Id.Length > DefinitionLimits.MaxIdLength)
            {
                problems.Add(ValidationProblem.Error(ValidationCodes.IdTooLong, activity.Id,
                    $"the activity id is {activity.Id.Length} characters long; at most {DefinitionLimits.MaxIdLength} are kept"));
            }
            if (!byId.TryAdd(activity.Id, activity))
            {
                problems.Add(ValidationProblem.Error(ValidationCodes.DuplicateActivityId, activity.Id, $"the id '{activity.Id}' is used by more than one activity"));
                continue;
            }
            if (StartTypes.IsStart(activity.Type) && ++starts > 1)
            {
                problems.Add(ValidationProblem.Error(ValidationCodes.MultipleStart, activity.Id, "a workflow has exactly one Start or start trigger; this is another"));
            }
            var descriptor = activities.Find(activity.Type);
            if (descriptor is null)
            {
                problems.Add(ValidationProblem.Error(ValidationCodes.UnknownActivityType, activity.Id,
                    $"unknown activity type '{activity.Type}' (known: {string.Join(", ", activities.Descriptors.Select(d => d.Type).Order())})"));
                continue;
            }
            CheckInputs(activity, descriptor, problems);
            problems.AddRange(descriptor.Activity.Validate(activity));
            if (directory is not null)
            {
                CheckAssignees(activity, directory, problems);
            }
        }
        if (starts == 0)
        {
            problems.Add(ValidationProblem.Error(ValidationCodes.NoStart, null, "the workflow has no Start activity"));
        }
        return byId;
    }

    private void CheckInputs(ActivityDefinition activity, ActivityDescriptor descriptor, List<ValidationProblem> problems)
    {
        foreach (var input in descriptor.Inputs.Where(i => i.Required))
        {
            if (!activity.Inputs.TryGetValue(input.Name, out var expression) || IsBlank(expression.Value))
            {
                problems.Add(ValidationProblem.Error(ValidationCodes.MissingInput, activity.Id,
                    $"{activity.Type} '{activity.Name ?? activity.Id}' needs the input '{input.Name}'"));
            }
        }
        foreach (var (name, expression) in activity.Inputs)
        {
            CheckExpression(activity, name, expression, problems);
        }
        foreach (var @case in activity.Type == nameof(Switch) ? Switch.LiteralCases(activity).Where(c => c.Condition is not null) : [])
        {
            CheckExpression(activity, $"cases.{@case.Name}", @case.Condition, problems);
        }
    }

    private void CheckExpression(ActivityDefinition activity, string inputName, ExpressionDefinition expression, List<ValidationProblem> problems)
    {
        var error = expressions.FindSyntaxError(expression);
        if (error is null)
        {
            return;
        }
        var code = expression.Type switch
        {
            ExpressionTypes.JavaScript => ValidationCodes.JavaScriptSyntax,
            ExpressionTypes.Liquid => ValidationCodes.LiquidSyntax,
            _ => ValidationCodes.UnknownExpressionType,
        };
        problems.Add(ValidationProblem.Error(code, activity.Id, $"input '{inputName}': {error}"));
    }

    private static void CheckAssignees(ActivityDefinition activity, IOrganisationDirectory directory, List<ValidationProblem> problems)
    {
        foreach (var name in AssigneeInputs)
        {
            if (!activity.Inputs.TryGetValue(name, out var expression) || expression.Type != ExpressionTypes.Literal
                || expression.Value is not JsonObject assignees)
            {
                continue;
            }
            foreach (var role in Names(assignees["roles"]).Where(r => !directory.RoleExists(r)))
            {
                problems.Add(ValidationProblem.Warning(ValidationCodes.UnknownAssignee, activity.Id, $"input '{name}': role '{role}' does not exist"));
            }
            foreach (var user in Names(assignees["users"]).Where(u => !directory.UserExists(u)))
            {
                problems.Add(ValidationProblem.Warning(ValidationCodes.UnknownAssignee, activity.Id, $"input '{name}': user '{user}' does not exist"));
            }
            if (assignees["department"] is JsonValue department && department.GetValueKind() == JsonValueKind.String
                && !directory.DepartmentExists(department.GetValue<string>()))
            {
                problems.Add(ValidationProblem.Warning(ValidationCodes.UnknownAssignee, activity.Id, $"input '{name}': department '{department}' does not exist"));
            }
        }
    }

    private void CheckConnections(WorkflowDefinition definition, Dictionary<string, ActivityDefinition> byId, List<ValidationProblem> problems)
    {
        foreach (var connection in definition.Root.Connections)
        {
            var (source, target) = (connection.Source.Activity, connection.Target.Activity);
            if (!byId.TryGetValue(source, out var from))
            {
                problems.Add(ValidationProblem.Error(ValidationCodes.ConnectionSourceMissing, source,
                    $"a connection starts at activity '{source}', which does not exist"));
            }
            else if (activities.Find(from.Type) is { } descriptor)
            {
                var ports = descriptor.Activity.GetPorts(from).ToList();
                if (!PortsAreDynamic(from) && !ports.Contains(connection.Source.Port))
                {
                    problems.Add(ValidationProblem.Error(ValidationCodes.UnknownPort, source,
                        $"{from.Type} '{source}' has no port '{connection.Source.Port}' (ports: {(ports.Count == 0 ? "none" : string.Join(", ", ports))})"));
                }
            }
            if (!byId.ContainsKey(target))
            {
                problems.Add(ValidationProblem.Error(ValidationCodes.ConnectionTargetMissing, source,
                    $"a connection from '{source}' goes to activity '{target}', which does not exist"));
            }
            else if (connection.Target.Port != Ports.In)
            {
                problems.Add(ValidationProblem.Error(ValidationCodes.UnknownPort, target,
                    $"a connection into '{target}' uses port '{connection.Target.Port}'; the target port is always '{Ports.In}'"));
            }
        }
        // A Join that completes on the first token may stand on one path (Elsa's WaitAny FlowJoin often does).
        foreach (var join in byId.Values.Where(a => a.Type == nameof(Join) && !IsAnyJoin(a)))
        {
            var inbound = definition.Root.Connections.Count(c => c.Target.Activity == join.Id);
            if (inbound < 2)
            {
                problems.Add(ValidationProblem.Error(ValidationCodes.JoinTooFewInbound, join.Id,
                    $"Join '{join.Id}' has {inbound} inbound connection(s); it needs at least two"));
            }
        }
    }

    private static void CheckReachability(WorkflowDefinition definition, Dictionary<string, ActivityDefinition> byId, List<ValidationProblem> problems)
    {
        var start = byId.Values.FirstOrDefault(a => StartTypes.IsStart(a.Type));
        if (start is null)
        {
            return;
        }
        var reached = new HashSet<string>([start.Id], StringComparer.Ordinal);
        var pending = new Stack<string>([start.Id]);
        while (pending.TryPop(out var current))
        {
            foreach (var connection in definition.Root.Connections.Where(c => c.Source.Activity == current))
            {
                if (byId.ContainsKey(connection.Target.Activity) && reached.Add(connection.Target.Activity))
                {
                    pending.Push(connection.Target.Activity);
                }
            }
        }
        foreach (var activity in byId.Values.Where(a => !reached.Contains(a.Id)))
        {
            problems.Add(activity.Type == nameof(End)
                ? ValidationProblem.Error(ValidationCodes.EndUnreachable, activity.Id, $"End '{activity.Id}' cannot be reached from Start")
                : ValidationProblem.Error(ValidationCodes.Unreachable, activity.Id, $"nothing leads to {activity.Type} '{activity.Name ?? activity.Id}' from Start"));
        }
    }

    private static bool IsAnyJoin(ActivityDefinition join) =>
        join.Inputs.TryGetValue(Join.Mode.Name, out var mode) && mode.Type == ExpressionTypes.Literal && mode.Value?.ToString() == Join.Any;

    /// <summary>Outcomes or branches computed by an expression are only known at run time.</summary>
    private static bool PortsAreDynamic(ActivityDefinition activity) =>
        activity.Type switch
        {
            nameof(UserTask) => IsExpression(activity, UserTask.Outcomes.Name),
            nameof(Switch) => IsExpression(activity, Switch.Cases.Name),
            nameof(Fork) => IsExpression(activity, Fork.Branches.Name),
            _ => false,
        };

    private static bool IsExpression(ActivityDefinition activity, string input) =>
        activity.Inputs.TryGetValue(input, out var e) && e.Type != ExpressionTypes.Literal;

    private static bool IsBlank(JsonNode? value) => value switch
    {
        null => true,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => string.IsNullOrWhiteSpace(v.GetValue<string>()),
        JsonArray a => a.Count == 0,
        _ => false,
    };

    private static IEnumerable<string> Names(JsonNode? node) => node switch
    {
        JsonArray array => array.OfType<JsonValue>().Select(v => v.ToString()),
        JsonValue value => [value.ToString()],
        _ => [],
    };
}
