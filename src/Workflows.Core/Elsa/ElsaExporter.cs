using System.Text.Json;
using System.Text.Json.Nodes;
using Workflows.Core.Activities;
using Workflows.Core.Definitions;
using Workflows.Core.Triggers;

namespace Workflows.Core.Elsa;

/// <summary>
/// Writes a definition as Elsa 3 JSON (the shape Studio imports): activities Elsa has become theirs with typed
/// inputs; ours without an Elsa equivalent (UserTask, GenerateDocument, Notify, …) become custom activity entries
/// <c>Workflows.&lt;Type&gt;</c> carrying their inputs, which <see cref="ElsaImporter"/> reads back unchanged.
/// </summary>
public static class ElsaExporter
{
    public const string CustomTypePrefix = "Workflows.";
    /// <summary>Where our own settings without an Elsa place (start roles, form field details) travel.</summary>
    public const string CustomKey = "workflows";
    public const string Schema = "https://elsaworkflows.io/schemas/workflow-definition/v3.0.0/schema.json";

    public static JsonObject Export(WorkflowDefinition definition)
    {
        var custom = new JsonObject();
        if (definition.Options is { } options)
        {
            custom["options"] = JsonSerializer.SerializeToNode(options, WorkflowDefinitionSerializer.Options);
        }
        if (definition.Metadata is { } metadata)
        {
            custom["metadata"] = metadata.DeepClone();
        }
        return new JsonObject
        {
            ["$schema"] = Schema,
            ["id"] = definition.DefinitionId,
            ["definitionId"] = definition.DefinitionId,
            ["name"] = definition.Name,
            ["description"] = definition.Description,
            ["version"] = definition.Version ?? 1,
            ["toolVersion"] = "3.5.0.0",
            ["variables"] = new JsonArray([.. definition.Variables.Select(Variable)]),
            ["inputs"] = new JsonArray([.. definition.Inputs.Select(Input)]),
            ["outputs"] = new JsonArray(),
            ["outcomes"] = new JsonArray(),
            ["customProperties"] = new JsonObject { [CustomKey] = custom },
            ["isReadonly"] = false,
            ["isLatest"] = true,
            ["isPublished"] = definition.IsPublished ?? false,
            ["root"] = new JsonObject
            {
                ["id"] = "Flowchart1",
                ["type"] = ElsaImporter.RootType,
                ["version"] = 1,
                ["customProperties"] = new JsonObject(),
                ["metadata"] = new JsonObject(),
                ["activities"] = new JsonArray([.. definition.Root.Activities.Select(Activity)]),
                ["connections"] = new JsonArray([.. definition.Root.Connections.Select(Connection)]),
            },
        };
    }

    private static JsonNode Variable(VariableDefinition variable) => new JsonObject
    {
        ["id"] = variable.Name,
        ["name"] = variable.Name,
        ["typeName"] = variable.Type ?? TypeName(variable.Value),
        ["isArray"] = false,
        ["value"] = variable.Value is null ? null : LiteralText(variable.Value),
        [CustomKey] = JsonSerializer.SerializeToNode(variable, WorkflowDefinitionSerializer.Options),
    };

    private static JsonNode Input(InputDefinition field) => new JsonObject
    {
        ["name"] = field.Name,
        ["displayName"] = field.Label ?? field.Name,
        ["type"] = field.Type switch
        {
            FieldTypes.Number => "Double",
            FieldTypes.Checkbox => "Boolean",
            FieldTypes.Date => "DateTime",
            FieldTypes.Checklist => "Object",
            _ => "String",
        },
        ["uiHint"] = field.Type switch
        {
            FieldTypes.Textarea => "multiline",
            FieldTypes.Checkbox => "checkbox",
            FieldTypes.Select => "dropdown",
            FieldTypes.Date => "datetime-editor",
            _ => "singleline",
        },
        ["isArray"] = false,
        [CustomKey] = JsonSerializer.SerializeToNode(field, WorkflowDefinitionSerializer.Options),
    };

    private static JsonObject Activity(ActivityDefinition activity)
    {
        var elsa = new JsonObject
        {
            ["id"] = activity.Id,
            ["name"] = activity.Name,
            ["type"] = "",
            ["version"] = 1,
            ["customProperties"] = new JsonObject(),
            ["metadata"] = activity.Metadata?.DeepClone() ?? new JsonObject(),
        };
        if (!AsElsa(activity, elsa))
        {
            elsa["type"] = CustomTypePrefix + activity.Type;
            foreach (var (name, expression) in activity.Inputs)
            {
                elsa[name] = Typed(expression);
            }
        }
        return elsa;
    }

    /// <summary>Writes the activity as Elsa's own type when it has one and every input has an Elsa place.</summary>
    private static bool AsElsa(ActivityDefinition activity, JsonObject elsa)
    {
        var inputs = activity.Inputs;
        bool Only(params string[] names) => inputs.Keys.All(names.Contains);
        void Put(string elsaName, string ours)
        {
            if (inputs.TryGetValue(ours, out var expression))
            {
                elsa[elsaName] = Typed(expression);
            }
        }
        string? LiteralString(string name) =>
            inputs.TryGetValue(name, out var e) && e.Type == ExpressionTypes.Literal && e.Value is JsonValue v
            && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

        switch (activity.Type)
        {
            case nameof(Start) when Only():
                elsa["type"] = "Elsa.Start";
                return true;
            case nameof(End) when Only(End.Result.Name):
                elsa["type"] = "Elsa.End";
                Put("result", End.Result.Name);
                return true;
            case nameof(WriteLine) when Only(WriteLine.Text.Name):
                elsa["type"] = "Elsa.WriteLine";
                Put("text", WriteLine.Text.Name);
                return true;
            case nameof(Script) when Only(Script.Code.Name, Script.ResultVariable.Name) && LiteralString(Script.Code.Name) is not null
                && (!inputs.ContainsKey(Script.ResultVariable.Name) || LiteralString(Script.ResultVariable.Name) is not null):
                elsa["type"] = "Elsa.RunJavaScript";
                Put("script", Script.Code.Name);
                if (LiteralString(Script.ResultVariable.Name) is { } result)
                {
                    elsa["result"] = new JsonObject { ["typeName"] = "Object", ["memoryReference"] = new JsonObject { ["id"] = result } };
                }
                return true;
            case nameof(Fault) when Only(Fault.Message.Name, Fault.Code.Name):
                elsa["type"] = "Elsa.Fault";
                Put("message", Fault.Message.Name);
                Put("code", Fault.Code.Name);
                return true;
            case nameof(Decision) when Only(Decision.Condition.Name):
                elsa["type"] = "Elsa.FlowDecision";
                Put("condition", Decision.Condition.Name);
                return true;
            case nameof(Switch) when Only(Switch.Cases.Name) && Switch.LiteralCases(activity) is { Count: > 0 } cases
                && inputs[Switch.Cases.Name].Type == ExpressionTypes.Literal:
                elsa["type"] = "Elsa.FlowSwitch";
                elsa["mode"] = Typed(ExpressionDefinition.Literal("MatchFirst"));
                elsa["cases"] = new JsonArray([.. cases.Select(c => (JsonNode)new JsonObject
                {
                    ["label"] = c.Name,
                    ["condition"] = new JsonObject { ["type"] = c.Condition.Type, ["value"] = ExpressionText(c.Condition) },
                })]);
                return true;
            case nameof(Fork) when Only(Fork.Branches.Name):
                elsa["type"] = "Elsa.FlowFork";
                Put("branches", Fork.Branches.Name);
                return true;
            case nameof(Join) when Only(Join.Mode.Name) && (!inputs.ContainsKey(Join.Mode.Name) || LiteralString(Join.Mode.Name) is not null):
                elsa["type"] = "Elsa.FlowJoin";
                elsa["mode"] = Typed(ExpressionDefinition.Literal(LiteralString(Join.Mode.Name) == Join.Any ? "WaitAny" : "WaitAll"));
                return true;
            case nameof(Delay) when Only(Delay.Duration.Name) && LiteralString(Delay.Duration.Name) is { } iso && ElsaLiterals.ToTimeSpanText(iso) is { } span:
                elsa["type"] = "Elsa.Delay";
                elsa["timeSpan"] = new JsonObject { ["typeName"] = "TimeSpan", ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = span } };
                return true;
            case nameof(SetVariable) when Only(SetVariable.Variable.Name, SetVariable.Value.Name) && LiteralString(SetVariable.Variable.Name) is { } variable:
                elsa["type"] = "Elsa.SetVariable";
                elsa["variable"] = new JsonObject { ["id"] = variable, ["name"] = variable };
                Put("value", SetVariable.Value.Name);
                return true;
            case nameof(WaitSignal) when Only(WaitSignal.SignalName.Name, WaitSignal.Variable.Name)
                && (!inputs.ContainsKey(WaitSignal.Variable.Name) || LiteralString(WaitSignal.Variable.Name) is not null):
                elsa["type"] = "Elsa.Event";
                Put("eventName", WaitSignal.SignalName.Name);
                if (LiteralString(WaitSignal.Variable.Name) is { } target)
                {
                    elsa["result"] = new JsonObject { ["typeName"] = "Object", ["memoryReference"] = new JsonObject { ["id"] = target } };
                }
                return true;
            case nameof(SendEmail) when Only(SendEmail.To.Name, SendEmail.CcTo.Name, SendEmail.Subject.Name, SendEmail.Body.Name)
                && AreAddresses(inputs.GetValueOrDefault(SendEmail.To.Name)) && AreAddresses(inputs.GetValueOrDefault(SendEmail.CcTo.Name)):
                elsa["type"] = "Elsa.SendEmail";
                Put("to", SendEmail.To.Name);
                Put("cc", SendEmail.CcTo.Name);
                Put("subject", SendEmail.Subject.Name);
                Put("body", SendEmail.Body.Name);
                return true;
            case StartTypes.Timer when Only(TimerTrigger.Interval.Name) && LiteralString(TimerTrigger.Interval.Name) is { } every
                && ElsaLiterals.ToTimeSpanText(every) is { } interval:
                elsa["type"] = "Elsa.Timer";
                elsa["interval"] = new JsonObject { ["typeName"] = "TimeSpan", ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = interval } };
                return true;
            case StartTypes.Cron when Only(CronTrigger.Expression.Name):
                elsa["type"] = "Elsa.Cron";
                Put("cronExpression", CronTrigger.Expression.Name);
                return true;
            case StartTypes.HttpEndpoint when Only(HttpEndpoint.Path.Name, HttpEndpoint.Methods.Name, HttpEndpoint.BodyVariable.Name)
                && (!inputs.ContainsKey(HttpEndpoint.BodyVariable.Name) || LiteralString(HttpEndpoint.BodyVariable.Name) is not null):
                elsa["type"] = "Elsa.HttpEndpoint";
                Put("path", HttpEndpoint.Path.Name);
                Put("supportedMethods", HttpEndpoint.Methods.Name);
                elsa["authorize"] = Typed(ExpressionDefinition.Literal(true));
                if (LiteralString(HttpEndpoint.BodyVariable.Name) is { } body)
                {
                    elsa["parsedContent"] = new JsonObject { ["typeName"] = "Object", ["memoryReference"] = new JsonObject { ["id"] = body } };
                }
                return true;
            case nameof(WriteHttpResponse) when Only(WriteHttpResponse.StatusCode.Name, WriteHttpResponse.Content.Name, WriteHttpResponse.ContentType.Name):
                elsa["type"] = "Elsa.WriteHttpResponse";
                Put("statusCode", WriteHttpResponse.StatusCode.Name);
                Put("content", WriteHttpResponse.Content.Name);
                Put("contentType", WriteHttpResponse.ContentType.Name);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Elsa's SendEmail takes addresses; our role and user recipients have no Elsa form.</summary>
    private static bool AreAddresses(ExpressionDefinition? expression) =>
        expression is null || expression.Type != ExpressionTypes.Literal || expression.Value is JsonValue
        || expression.Value is JsonArray list && list.All(a => a is JsonValue);

    /// <summary>
    /// An input as Elsa writes it: literal text with its .NET type, other literals as an Object expression holding
    /// their JSON, scripts and templates as they are.
    /// </summary>
    private static JsonObject Typed(ExpressionDefinition expression)
    {
        if (expression.Type != ExpressionTypes.Literal)
        {
            return new JsonObject
            {
                ["typeName"] = "Object",
                ["expression"] = new JsonObject { ["type"] = expression.Type, ["value"] = ExpressionText(expression) },
            };
        }
        var value = expression.Value;
        var (typeName, kind) = value switch
        {
            JsonValue v when v.GetValueKind() == JsonValueKind.String => ("String", "Literal"),
            JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => ("Boolean", "Literal"),
            JsonValue v when v.GetValueKind() == JsonValueKind.Number => ("Double", "Literal"),
            _ => ("Object", "Object"),
        };
        return new JsonObject
        {
            ["typeName"] = typeName,
            ["expression"] = new JsonObject { ["type"] = kind, ["value"] = value is null ? null : LiteralText(value) },
        };
    }

    private static JsonNode? ExpressionText(ExpressionDefinition expression) => expression.Value?.DeepClone();

    /// <summary>Elsa keeps literals as text: strings as they are, True/False, numbers, other values as JSON.</summary>
    private static string LiteralText(JsonNode value) => value switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.True => "True",
        JsonValue v when v.GetValueKind() == JsonValueKind.False => "False",
        _ => value.ToJsonString(),
    };

    private static string TypeName(JsonNode? value) => value switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => "String",
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => "Boolean",
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => "Double",
        _ => "Object",
    };

    private static JsonNode Connection(ConnectionDefinition connection)
    {
        var elsa = new JsonObject
        {
            ["source"] = new JsonObject { ["activity"] = connection.Source.Activity, ["port"] = connection.Source.Port },
            ["target"] = new JsonObject { ["activity"] = connection.Target.Activity, ["port"] = connection.Target.Port },
        };
        // Elsa 3 keeps a connection's bends as "vertices" ({ x, y } points), as ours does.
        if (connection.Unknown?.TryGetValue(Vertices, out var vertices) == true)
        {
            elsa[Vertices] = JsonNode.Parse(vertices.GetRawText());
        }
        return elsa;
    }

    internal const string Vertices = "vertices";
}
