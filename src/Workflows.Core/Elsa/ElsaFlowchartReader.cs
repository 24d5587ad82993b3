using System.Text.Json;
using System.Text.Json.Nodes;
using Workflows.Core.Activities;
using Workflows.Core.Definitions;
using Workflows.Core.Triggers;
using Workflows.Core.Validation;

namespace Workflows.Core.Elsa;

/// <summary>One Elsa flowchart read into our definition: variables, inputs, activities, connections and the start.</summary>
internal sealed class ElsaFlowchartReader(JsonObject document, JsonObject root)
{
    /// <summary>Properties every Elsa activity has; the others are its inputs and outputs.</summary>
    private static readonly HashSet<string> ActivityProperties = new(StringComparer.OrdinalIgnoreCase)
    {
        "id", "nodeId", "name", "type", "version", "customProperties", "metadata", "canStartWorkflow", "runAsynchronously",
        "source", "line", "displayName", "description", "applicationProperties", "synthetic",
    };

    private readonly List<ValidationProblem> _problems = [];
    private readonly List<ActivityDefinition> _activities = [];
    private readonly List<ConnectionDefinition> _connections = [];
    private readonly Dictionary<string, string> _variableById = new(StringComparer.Ordinal);
    private readonly List<VariableDefinition> _variables = [];
    private readonly List<string> _inputNames = [];
    /// <summary>Activities refused as unsupported: their connections go with them without a further word.</summary>
    private readonly HashSet<string> _refused = new(StringComparer.Ordinal);
    /// <summary>Elsa If activities flattened into a Decision: where their Then and Else branches end.</summary>
    private readonly Dictionary<string, (string? Then, string? Else)> _flattenedIfs = new(StringComparer.Ordinal);

    public ElsaConversion Read(string? definitionId)
    {
        ReadVariables(ElsaJson.Prop(document, "variables"));
        ReadVariables(ElsaJson.Prop(root, "variables"));
        var inputs = ElsaJson.List(ElsaJson.Prop(document, "inputs")).Select(ReadInput).ToList();
        _inputNames.AddRange(inputs.Select(i => i.Name));
        var elsaActivities = ElsaJson.List(ElsaJson.Prop(root, "activities")).ToList();
        foreach (var activity in elsaActivities)
        {
            if (Map(activity) is { } mapped)
            {
                _activities.Add(mapped);
            }
        }
        ReadConnections(ElsaJson.Prop(root, "connections"));
        AddStart(elsaActivities);

        var custom = ElsaJson.Prop(document, "customProperties") as JsonObject;
        var ours = ElsaJson.Prop(custom, ElsaExporter.CustomKey) as JsonObject;
        var id = definitionId ?? ElsaJson.Text(document, "definitionId") ?? ElsaJson.Text(document, "id")
            ?? ElsaImporter.Slug(ElsaJson.Text(document, "name")) ?? "";
        var definition = new WorkflowDefinition
        {
            DefinitionId = id,
            Name = ElsaJson.Text(document, "name") ?? id,
            Description = ElsaJson.Text(document, "description"),
            Options = ElsaJson.Prop(ours, "options")?.Deserialize<WorkflowOptions>(WorkflowDefinitionSerializer.Options),
            Metadata = ElsaJson.Prop(ours, "metadata")?.DeepClone() as JsonObject,
            Variables = _variables,
            Inputs = inputs,
            Root = new FlowchartDefinition { Activities = _activities, Connections = _connections },
        };
        var refused = _problems.Any(p => ElsaConversion.RefusalCodes.Contains(p.Code));
        return new ElsaConversion(refused ? null : definition, _problems);
    }

    private void ReadVariables(JsonNode? node)
    {
        foreach (var variable in ElsaJson.List(node))
        {
            var name = ElsaJson.Text(variable, "name");
            if (string.IsNullOrWhiteSpace(name) || _variables.Any(v => v.Name == name))
            {
                continue;
            }
            if (ElsaJson.Text(variable, "id") is { } variableId)
            {
                _variableById[variableId] = name;
            }
            if (ElsaJson.Prop(variable, ElsaExporter.CustomKey) is JsonObject ours
                && ours.Deserialize<VariableDefinition>(WorkflowDefinitionSerializer.Options) is { } exported)
            {
                _variables.Add(exported);
                continue;
            }
            var typeName = ElsaJson.Text(variable, "typeName");
            var value = ElsaJson.Prop(variable, "value") switch
            {
                JsonValue v when v.GetValueKind() == JsonValueKind.String => ElsaLiterals.Convert(v.GetValue<string>(), typeName),
                { } other => other.DeepClone(),
                null => null,
            };
            _variables.Add(new VariableDefinition { Name = name, Type = ElsaJson.ShortTypeName(typeName) is { Length: > 0 } t ? t : null, Value = value });
        }
    }

    /// <summary>A workflow input (with its type and UI hint) becomes a start form field.</summary>
    private static InputDefinition ReadInput(JsonObject input)
    {
        if (ElsaJson.Prop(input, ElsaExporter.CustomKey) is JsonObject ours
            && ours.Deserialize<InputDefinition>(WorkflowDefinitionSerializer.Options) is { } field)
        {
            return field;
        }
        var type = ElsaJson.ShortTypeName(ElsaJson.Text(input, "type"));
        var hint = (ElsaJson.Text(input, "uiHint") ?? "").ToLowerInvariant();
        var fieldType = hint switch
        {
            "multiline" or "multi-line" or "code-editor" or "json-editor" => FieldTypes.Textarea,
            "checkbox" or "switch-editor" => FieldTypes.Checkbox,
            "dropdown" or "radiolist" => FieldTypes.Select,
            "checklist" => FieldTypes.Checklist,
            "datetime-editor" or "date-picker" => FieldTypes.Date,
            _ => type switch
            {
                "Boolean" => FieldTypes.Checkbox,
                "Int16" or "Int32" or "Int64" or "Single" or "Double" or "Decimal" => FieldTypes.Number,
                "DateTime" or "DateTimeOffset" or "DateOnly" => FieldTypes.Date,
                _ => FieldTypes.Text,
            },
        };
        var name = ElsaJson.Text(input, "name") ?? "";
        return new InputDefinition
        {
            Name = name,
            Label = ElsaJson.Text(input, "displayName") is { Length: > 0 } label ? label : name,
            Type = fieldType,
            Required = ElsaJson.Flag(input, "isRequired"),
        };
    }

    private ActivityDefinition? Map(JsonObject elsa)
    {
        var id = ElsaJson.Text(elsa, "id") ?? "";
        var type = ElsaJson.Text(elsa, "type") ?? "";
        var activity = new ActivityDefinition
        {
            Id = id,
            Name = ElsaJson.Text(elsa, "name"),
            Metadata = ElsaJson.Prop(elsa, "metadata") is JsonObject { Count: > 0 } metadata ? (JsonObject)metadata.DeepClone() : null,
        };
        if (type.StartsWith(ElsaExporter.CustomTypePrefix, StringComparison.Ordinal))
        {
            activity.Type = type[ElsaExporter.CustomTypePrefix.Length..];
            foreach (var (key, value) in elsa.Where(p => !ActivityProperties.Contains(p.Key)))
            {
                Input(activity, key, value);
            }
            return activity;
        }
        switch (type)
        {
            case "Elsa.Start":
                activity.Type = nameof(Start);
                break;
            case "Elsa.WriteLine":
                activity.Type = nameof(WriteLine);
                Input(activity, WriteLine.Text.Name, ElsaJson.Prop(elsa, "text"));
                break;
            case "Elsa.Log":
                activity.Type = nameof(WriteLine);
                Input(activity, WriteLine.Text.Name, ElsaJson.Prop(elsa, "message"));
                break;
            case "Elsa.RunJavaScript":
                activity.Type = nameof(Script);
                ScriptInput(activity, ElsaJson.Prop(elsa, "script"));
                Output(activity, Script.ResultVariable.Name, ElsaJson.Prop(elsa, "result"));
                break;
            case "Elsa.Fault":
                activity.Type = nameof(Fault);
                Input(activity, Fault.Message.Name, ElsaJson.Prop(elsa, "message"));
                Input(activity, Fault.Code.Name, ElsaJson.Prop(elsa, "code"));
                if (!activity.Inputs.ContainsKey(Fault.Message.Name))
                {
                    activity.Inputs[Fault.Message.Name] = ExpressionDefinition.Literal($"Fault '{activity.Name ?? id}'");
                }
                break;
            case "Elsa.Complete":
                activity.Type = nameof(End);
                Input(activity, End.Result.Name, ElsaJson.Prop(elsa, "outcomes"));
                break;
            case "Elsa.Finish" or "Elsa.End":
                activity.Type = nameof(End);
                Input(activity, End.Result.Name, ElsaJson.Prop(elsa, "result"));
                break;
            case "Elsa.Event":
                activity.Type = nameof(WaitSignal);
                Input(activity, WaitSignal.SignalName.Name, ElsaJson.Prop(elsa, "eventName"));
                Output(activity, WaitSignal.Variable.Name, ElsaJson.Prop(elsa, "result"));
                break;
            case "Elsa.FlowDecision":
                activity.Type = nameof(Decision);
                Input(activity, Decision.Condition.Name, ElsaJson.Prop(elsa, "condition"));
                DefaultCondition(activity);
                break;
            case "Elsa.If":
                activity.Type = nameof(Decision);
                Input(activity, Decision.Condition.Name, ElsaJson.Prop(elsa, "condition"));
                DefaultCondition(activity);
                FlattenIf(id, ElsaJson.Prop(elsa, "then") as JsonObject, ElsaJson.Prop(elsa, "else") as JsonObject);
                break;
            case "Elsa.FlowSwitch":
                activity.Type = nameof(Switch);
                SwitchCases(activity, elsa);
                break;
            case "Elsa.FlowFork":
                activity.Type = nameof(Fork);
                Input(activity, Fork.Branches.Name, ElsaJson.Prop(elsa, "branches"));
                break;
            case "Elsa.FlowJoin" or "Elsa.Join":
                activity.Type = nameof(Join);
                var mode = Expression(activity, ElsaJson.Prop(elsa, "mode"));
                // Elsa's default is WaitAny; ours is all, so the mode is always written.
                activity.Inputs[Join.Mode.Name] = ExpressionDefinition.Literal(
                    mode?.Value?.ToString() is "WaitAll" or Join.All ? Join.All : Join.Any);
                break;
            case "Elsa.Delay":
                activity.Type = nameof(Delay);
                Input(activity, Delay.Duration.Name, ElsaJson.Prop(elsa, "timeSpan"), "TimeSpan");
                break;
            case "Elsa.StartAt":
                activity.Type = nameof(Delay);
                Input(activity, Delay.Until.Name, ElsaJson.Prop(elsa, "dateTime"));
                break;
            case "Elsa.SetVariable":
                activity.Type = nameof(SetVariable);
                activity.Inputs[SetVariable.Variable.Name] = ExpressionDefinition.Literal(VariableName(ElsaJson.Prop(elsa, "variable")));
                Input(activity, SetVariable.Value.Name, ElsaJson.Prop(elsa, "value"));
                break;
            case "Elsa.SendEmail":
                activity.Type = nameof(SendEmail);
                Input(activity, SendEmail.To.Name, ElsaJson.Prop(elsa, "to"));
                Input(activity, SendEmail.CcTo.Name, ElsaJson.Prop(elsa, "cc"));
                Input(activity, SendEmail.Subject.Name, ElsaJson.Prop(elsa, "subject"));
                Input(activity, SendEmail.Body.Name, ElsaJson.Prop(elsa, "body"));
                break;
            case "Elsa.FlowSendHttpRequest" or "Elsa.SendHttpRequest":
                if (!HttpRequestInputs(activity, elsa, type))
                {
                    return null;
                }
                break;
            case "Elsa.Timer":
                activity.Type = StartTypes.Timer;
                Input(activity, TimerTrigger.Interval.Name, ElsaJson.Prop(elsa, "interval"), "TimeSpan");
                break;
            case "Elsa.Cron":
                activity.Type = StartTypes.Cron;
                Input(activity, CronTrigger.Expression.Name, ElsaJson.Prop(elsa, "cronExpression"));
                break;
            case "Elsa.HttpEndpoint":
                // Elsa's authorize flag is not carried over: an endpoint here needs a token or an API key unless a designer opens it.
                activity.Type = StartTypes.HttpEndpoint;
                Input(activity, HttpEndpoint.Path.Name, ElsaJson.Prop(elsa, "path"));
                Input(activity, HttpEndpoint.Methods.Name, ElsaJson.Prop(elsa, "supportedMethods"));
                Output(activity, HttpEndpoint.BodyVariable.Name, ElsaJson.Prop(elsa, "parsedContent"));
                break;
            case "Elsa.WriteHttpResponse":
                activity.Type = nameof(WriteHttpResponse);
                Input(activity, WriteHttpResponse.StatusCode.Name, ElsaJson.Prop(elsa, "statusCode"));
                StatusCodeNumber(activity);
                Input(activity, WriteHttpResponse.Content.Name, ElsaJson.Prop(elsa, "content"));
                Input(activity, WriteHttpResponse.ContentType.Name, ElsaJson.Prop(elsa, "contentType"));
                Input(activity, WriteHttpResponse.Headers.Name, ElsaJson.Prop(elsa, "responseHeaders"));
                HeaderValues(activity, WriteHttpResponse.Headers.Name);
                break;
            default:
                _refused.Add(id);
                _problems.Add(ValidationProblem.Error(ValidationCodes.ElsaUnsupportedActivity, id, $"{id}: {type}: not supported"));
                return null;
        }
        // Elsa 3.5's merge modes other than Stream wait for branches that were never started; tokens here do not.
        if (ElsaJson.Text(ElsaJson.Prop(elsa, "customProperties") as JsonObject, "mergeMode") is { } merge && merge is not ("None" or "Stream"))
        {
            _refused.Add(id);
            _problems.Add(ValidationProblem.Error(ValidationCodes.ElsaUnsupportedActivity, id, $"{id}: {type} with mergeMode {merge}: not supported (only Stream)"));
            return null;
        }
        return activity;
    }

    /// <summary>
    /// Elsa's HTTP request: url, method, content, contentType, requestHeaders and expected status codes. The
    /// non-flow SendHttpRequest may run an activity per status code inside itself; that form is refused.
    /// </summary>
    private bool HttpRequestInputs(ActivityDefinition activity, JsonObject elsa, string type)
    {
        activity.Type = nameof(HttpRequest);
        var codes = ElsaJson.Prop(elsa, "expectedStatusCodes");
        if (codes is JsonArray cases && cases.OfType<JsonObject>().Any(c => ElsaJson.Prop(c, "activity") is JsonObject))
        {
            _refused.Add(activity.Id);
            _problems.Add(ValidationProblem.Error(ValidationCodes.ElsaUnsupportedActivity, activity.Id,
                $"{activity.Id}: {type} with an activity per status code: not supported (use FlowSendHttpRequest with its outcomes)"));
            return false;
        }
        Input(activity, HttpRequest.Url.Name, ElsaJson.Prop(elsa, "url"));
        Input(activity, HttpRequest.Method.Name, ElsaJson.Prop(elsa, "method"));
        Input(activity, HttpRequest.Body.Name, ElsaJson.Prop(elsa, "content"));
        Input(activity, HttpRequest.ContentType.Name, ElsaJson.Prop(elsa, "contentType"));
        Input(activity, HttpRequest.Headers.Name, ElsaJson.Prop(elsa, "requestHeaders"));
        HeaderValues(activity, HttpRequest.Headers.Name);
        if (codes is JsonArray plain)
        {
            activity.Inputs[HttpRequest.ExpectedStatusCodes.Name] = ExpressionDefinition.Literal(new JsonArray([.. plain
                .Select(c => c is JsonObject o ? ElsaJson.Prop(o, "statusCode") : c).OfType<JsonValue>().Select(v => (JsonNode)v.DeepClone())]));
        }
        else
        {
            Input(activity, HttpRequest.ExpectedStatusCodes.Name, codes);
        }
        Output(activity, HttpRequest.ResponseVariable.Name, ElsaJson.Prop(elsa, "parsedContent"));
        return true;
    }

    /// <summary>Elsa keeps each header as a list of values; ours are one text each. An empty header set is left out.</summary>
    private static void HeaderValues(ActivityDefinition activity, string name)
    {
        if (!activity.Inputs.TryGetValue(name, out var headers))
        {
            return;
        }
        if (headers.Value is JsonObject { Count: 0 } || headers.Value is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Trim() is "{}" or "")
        {
            activity.Inputs.Remove(name);
        }
        else if (headers.Value is JsonObject byName)
        {
            headers.Value = new JsonObject(byName.Select(h => KeyValuePair.Create(h.Key,
                (JsonNode?)(h.Value is JsonArray values ? string.Join(", ", values.Select(v => v?.ToString())) : h.Value?.ToString()))));
        }
    }

    /// <summary>Elsa writes a status code as its HttpStatusCode name ("OK", "NotFound"); ours is the number.</summary>
    private static void StatusCodeNumber(ActivityDefinition activity)
    {
        if (activity.Inputs.TryGetValue(WriteHttpResponse.StatusCode.Name, out var status) && status.Type == ExpressionTypes.Literal
            && status.Value is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            var text = v.GetValue<string>().Trim();
            status.Value = int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var number) ? number
                : Enum.TryParse<System.Net.HttpStatusCode>(text, ignoreCase: true, out var code) ? (int)code : v.DeepClone();
        }
    }

    private static void DefaultCondition(ActivityDefinition activity)
    {
        // Elsa's FlowDecision and If default to a false condition.
        activity.Inputs.TryAdd(Decision.Condition.Name, ExpressionDefinition.Literal(false));
    }

    /// <summary>Elsa's If runs Then or Else and then continues on Done; here the branches become activities of their own.</summary>
    private void FlattenIf(string ifId, JsonObject? then, JsonObject? otherwise)
    {
        string? Branch(JsonObject? elsa, string port)
        {
            if (elsa is null)
            {
                return null;
            }
            elsa = (JsonObject)elsa.DeepClone();
            if (ElsaJson.Text(elsa, "id") is null)
            {
                elsa["id"] = $"{ifId}-{port.ToLowerInvariant()}";
            }
            if (Map(elsa) is not { } mapped)
            {
                return null;
            }
            _activities.Add(mapped);
            _connections.Add(Connection(ifId, port, mapped.Id));
            return mapped.Id;
        }
        _flattenedIfs[ifId] = (Branch(then, Decision.True), Branch(otherwise, Decision.False));
    }

    private void SwitchCases(ActivityDefinition activity, JsonObject elsa)
    {
        var mode = Expression(activity, ElsaJson.Prop(elsa, "mode"));
        if (mode?.Value?.ToString() == "MatchAny")
        {
            _problems.Add(ValidationProblem.Error(ValidationCodes.ElsaUnsupportedActivity, activity.Id,
                $"{activity.Id}: Elsa.FlowSwitch with mode MatchAny: not supported (only MatchFirst)"));
        }
        var cases = new JsonArray();
        foreach (var @case in ElsaJson.List(ElsaJson.Prop(elsa, "cases")))
        {
            var condition = Expression(activity, ElsaJson.Prop(@case, "condition"), "Boolean") ?? ExpressionDefinition.Literal(false);
            cases.Add(new JsonObject
            {
                ["name"] = ElsaJson.Text(@case, "label") ?? "",
                ["condition"] = JsonSerializer.SerializeToNode(condition, WorkflowDefinitionSerializer.Options),
            });
        }
        activity.Inputs[Switch.Cases.Name] = ExpressionDefinition.Literal(cases);
    }

    private void Input(ActivityDefinition activity, string name, JsonNode? elsaInput, string? typeName = null)
    {
        if (Expression(activity, elsaInput, typeName) is { } expression)
        {
            activity.Inputs[name] = expression;
        }
    }

    /// <summary>RunJavaScript's code stays text for the Script activity, with Elsa's helpers rewritten.</summary>
    private void ScriptInput(ActivityDefinition activity, JsonNode? elsaInput)
    {
        var expression = ElsaJson.Prop(elsaInput as JsonObject, "expression") as JsonObject;
        var code = ElsaScripts.Source(ElsaJson.Prop(expression, "value")) ?? ElsaScripts.Source(elsaInput);
        if (code is null)
        {
            return;
        }
        activity.Inputs[Script.Code.Name] = ExpressionDefinition.Literal(Rewrite(activity, code));
    }

    /// <summary>An output bound to a variable (<c>{ memoryReference: { id } }</c>) names the variable that keeps the value.</summary>
    private void Output(ActivityDefinition activity, string name, JsonNode? elsaOutput)
    {
        if (ElsaJson.Prop(elsaOutput as JsonObject, "memoryReference") is JsonObject reference
            && ElsaJson.Text(reference, "id") is { } id)
        {
            activity.Inputs[name] = ExpressionDefinition.Literal(_variableById.GetValueOrDefault(id, id));
        }
    }

    /// <summary>A variable reference: <c>{ id, name }</c> or a plain id or name.</summary>
    private string VariableName(JsonNode? reference)
    {
        var id = reference is JsonObject o ? ElsaJson.Text(o, "id") : ElsaScripts.Source(reference);
        if (id is not null && _variableById.TryGetValue(id, out var byId))
        {
            return byId;
        }
        return (reference is JsonObject named ? ElsaJson.Text(named, "name") : null) ?? id ?? "";
    }

    /// <summary>A typed input <c>{ typeName, expression: { type, value } }</c>, a bare expression, or a plain value.</summary>
    private ExpressionDefinition? Expression(ActivityDefinition activity, JsonNode? elsaInput, string? typeName = null)
    {
        if (elsaInput is null)
        {
            return null;
        }
        if (elsaInput is not JsonObject input)
        {
            return ExpressionDefinition.Literal(elsaInput.DeepClone());
        }
        var expression = ElsaJson.Prop(input, "expression") as JsonObject;
        if (expression is null && ElsaJson.Prop(input, "type") is JsonValue && input.Count <= 3)
        {
            expression = input;
        }
        if (expression is null)
        {
            return null;
        }
        typeName ??= ElsaJson.Text(input, "typeName");
        var kind = ElsaJson.Text(expression, "type") ?? "Literal";
        var value = ElsaJson.Prop(expression, "value");
        switch (kind)
        {
            case "Literal":
                return value is JsonValue text && text.GetValueKind() == JsonValueKind.String
                    ? ExpressionDefinition.Literal(ElsaLiterals.Convert(text.GetValue<string>(), typeName))
                    : value is null ? null : ExpressionDefinition.Literal(value.DeepClone());
            case "Object" or "Json":
                if (ElsaScripts.Source(value) is not { } json)
                {
                    return value is null ? null : ExpressionDefinition.Literal(value.DeepClone());
                }
                try
                {
                    return ExpressionDefinition.Literal(JsonNode.Parse(json, documentOptions: ElsaJson.DocumentOptions));
                }
                catch (JsonException ex)
                {
                    _problems.Add(ValidationProblem.Error(ValidationCodes.InvalidInput, activity.Id, $"an Object expression is not JSON: {ex.Message}"));
                    return null;
                }
            case "JavaScript":
                return ElsaScripts.Source(value) is { } script
                    ? ExpressionDefinition.JavaScript(ElsaScripts.AsExpression(Rewrite(activity, script)))
                    : null;
            case "Liquid":
                return ElsaScripts.Source(value) is { } template ? ExpressionDefinition.Liquid(template) : null;
            case "Variable":
                return ExpressionDefinition.JavaScript($"variables[{JsonSerializer.Serialize(VariableName(value))}]");
            default:
                _problems.Add(ValidationProblem.Error(ValidationCodes.ElsaUnsupportedExpression, activity.Id,
                    $"{activity.Id}: a {kind} expression: not supported (Literal, Object, JavaScript, Liquid and Variable are)"));
                return null;
        }
    }

    private string Rewrite(ActivityDefinition activity, string script)
    {
        var rewritten = ElsaScripts.Rewrite(script, [.. _variables.Select(v => v.Name)], _inputNames);
        foreach (var problem in rewritten.Problems)
        {
            _problems.Add(ValidationProblem.Error(ValidationCodes.ElsaScript, activity.Id, problem));
        }
        return rewritten.Code;
    }

    private void ReadConnections(JsonNode? node)
    {
        var ids = _activities.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var connection in ElsaJson.List(node))
        {
            // 3.1+: { source: { activity, port }, target: { activity, port } }; 3.0: { source, sourcePort, target, targetPort }.
            var (source, sourcePort) = Endpoint(ElsaJson.Prop(connection, "source"), ElsaJson.Text(connection, "sourcePort"));
            var (target, _) = Endpoint(ElsaJson.Prop(connection, "target"), ElsaJson.Text(connection, "targetPort"));
            if (source is not null && _refused.Contains(source) || target is not null && _refused.Contains(target))
            {
                continue;
            }
            if (source is null || target is null || !ids.Contains(source) || !ids.Contains(target))
            {
                // Elsa drops such connections when it loads the flowchart; so do we, but say so.
                _problems.Add(ValidationProblem.Warning(ValidationCodes.ConnectionTargetMissing, source,
                    $"a connection from '{source}' to '{target}' names an activity that is not in the file; it was left out"));
                continue;
            }
            sourcePort = string.IsNullOrEmpty(sourcePort) ? Ports.Done : sourcePort;
            if (sourcePort == Ports.Done && _flattenedIfs.TryGetValue(source, out var branches))
            {
                _connections.Add(Connection(branches.Then ?? source, branches.Then is null ? Decision.True : Ports.Done, target));
                _connections.Add(Connection(branches.Else ?? source, branches.Else is null ? Decision.False : Ports.Done, target));
                continue;
            }
            var read = Connection(source, sourcePort, target);
            if (ElsaJson.Prop(connection, ElsaExporter.Vertices) is JsonArray { Count: > 0 } vertices)
            {
                read.Unknown = new() { [ElsaExporter.Vertices] = JsonSerializer.SerializeToElement(vertices) };
            }
            _connections.Add(read);
        }
    }

    private static (string? Activity, string? Port) Endpoint(JsonNode? node, string? flatPort) => node switch
    {
        JsonObject o => (ElsaJson.Text(o, "activity"), ElsaJson.Text(o, "port")),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => (v.GetValue<string>(), flatPort),
        _ => (null, null),
    };

    private static ConnectionDefinition Connection(string source, string port, string target) => new()
    {
        Source = new Definitions.Endpoint { Activity = source, Port = port },
        Target = new Definitions.Endpoint { Activity = target, Port = Ports.In },
    };

    /// <summary>
    /// Elsa starts a flowchart at its <c>start</c> activity, else at a trigger (an activity that can start the
    /// workflow), else at Start, else at the first activity nothing leads to; ours always begins at Start.
    /// </summary>
    private void AddStart(List<JsonObject> elsaActivities)
    {
        if (_activities.Any(a => StartTypes.IsStart(a.Type)))
        {
            return;
        }
        var inbound = _connections.Select(c => c.Target.Activity).ToHashSet(StringComparer.Ordinal);
        var known = _activities.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        var first = ElsaJson.Text(root, "start") is { } named && known.Contains(named) ? named
            : elsaActivities.FirstOrDefault(a => CanStart(a) && known.Contains(ElsaJson.Text(a, "id") ?? "")) is { } trigger ? ElsaJson.Text(trigger, "id")
            : _activities.FirstOrDefault(a => !inbound.Contains(a.Id))?.Id;
        var id = _activities.Any(a => a.Id == "start") ? "start-" + Guid.NewGuid().ToString("N")[..6] : "start";
        _activities.Insert(0, new ActivityDefinition { Id = id, Type = nameof(Start), Name = "Start" });
        if (first is not null)
        {
            _connections.Insert(0, Connection(id, Ports.Done, first));
        }
    }

    private static bool CanStart(JsonObject activity) =>
        ElsaJson.Flag(activity, "canStartWorkflow") || ElsaJson.Flag(ElsaJson.Prop(activity, "customProperties") as JsonObject, "canStartWorkflow");
}
