using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Workflows.Core.Definitions;

/// <summary>Loads and saves definitions as camelCase JSON; unknown properties and metadata survive a round trip.</summary>
public static class WorkflowDefinitionSerializer
{
    public static readonly JsonSerializerOptions Options = CreateOptions(indented: true);

    public static JsonSerializerOptions CreateOptions(bool indented) => new(JsonSerializerDefaults.Web)
    {
        WriteIndented = indented,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Chinese names and expressions (&&, <, ', ") stay readable in saved files. The HTML-safe default escaping
        // buys nothing here: definitions are files and JSON bodies, never inlined into HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <exception cref="DefinitionFormatException">The text is not JSON or not a definition.</exception>
    public static WorkflowDefinition Deserialize(string json)
    {
        WorkflowDefinition? definition;
        try
        {
            definition = JsonSerializer.Deserialize<WorkflowDefinition>(json, Options);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" at line {line + 1}, column {Column(json, line, ex.BytePositionInLine ?? 0)}" : "";
            throw new DefinitionFormatException($"not a valid workflow definition{where}: {Describe(ex)}", ex);
        }
        if (definition is null)
        {
            throw new DefinitionFormatException("the file holds JSON null, not a workflow definition");
        }
        if (FindMisplacedNull(definition) is { } path)
        {
            throw new DefinitionFormatException($"not a valid workflow definition: '{path}' is null, which is not allowed there");
        }
        return definition;
    }

    public static string Serialize(WorkflowDefinition definition) => JsonSerializer.Serialize(definition, Options);

    public static WorkflowDefinition Clone(WorkflowDefinition definition) => Deserialize(Serialize(definition));

    /// <summary>The 1-based column in characters: the reader reports bytes, and Chinese text takes three per character.</summary>
    private static long Column(string json, long line, long bytePosition)
    {
        var start = 0;
        for (var i = 0; i < line && start >= 0; i++)
        {
            start = json.IndexOf('\n', start) is var next and >= 0 ? next + 1 : -1;
        }
        if (start < 0)
        {
            return bytePosition + 1;
        }
        long bytes = 0, column = 1;
        foreach (var rune in json.AsSpan(start).EnumerateRunes())
        {
            if (bytes >= bytePosition || rune.Value == '\n')
            {
                break;
            }
            bytes += rune.Utf8SequenceLength;
            column++;
        }
        return column;
    }

    /// <summary>
    /// Explicit nulls where the model has no null (an activity, a connection end, an input expression, a list) would
    /// otherwise surface as NullReferenceExceptions in the validator and the runtime; they are format errors instead.
    /// </summary>
    private static string? FindMisplacedNull(WorkflowDefinition definition) =>
        RequiredValues(definition).FirstOrDefault(r => r.Value is null).Path;

    /// <summary>
    /// Every value that must not be null, with its JSON path. Consumed lazily and only up to the first null, so each
    /// step may dereference what the steps before it have checked.
    /// </summary>
    private static IEnumerable<(object? Value, string Path)> RequiredValues(WorkflowDefinition d)
    {
        yield return (d.DefinitionId, "definitionId");
        yield return (d.Name, "name");
        if (d.Options is { } options)
        {
            yield return (options.StarterRoles, "options.starterRoles");
            foreach (var (role, i) in options.StarterRoles.Select((r, i) => (r, i)))
            {
                yield return (role, $"options.starterRoles[{i}]");
            }
        }
        yield return (d.Variables, "variables");
        foreach (var (variable, i) in d.Variables.Select((v, i) => (v, i)))
        {
            yield return (variable, $"variables[{i}]");
            yield return (variable.Name, $"variables[{i}].name");
        }
        yield return (d.Inputs, "inputs");
        foreach (var (field, i) in d.Inputs.Select((f, i) => (f, i)))
        {
            yield return (field, $"inputs[{i}]");
            yield return (field.Name, $"inputs[{i}].name");
            yield return (field.Type, $"inputs[{i}].type");
        }
        yield return (d.Root, "root");
        yield return (d.Root.Type, "root.type");
        yield return (d.Root.Activities, "root.activities");
        foreach (var (activity, i) in d.Root.Activities.Select((a, i) => (a, i)))
        {
            var at = $"root.activities[{i}]";
            yield return (activity, at);
            yield return (activity.Id, $"{at}.id");
            yield return (activity.Type, $"{at}.type");
            yield return (activity.Inputs, $"{at}.inputs");
            foreach (var (name, expression) in activity.Inputs)
            {
                yield return (expression, $"{at}.inputs.{name}");
                yield return (expression.Type, $"{at}.inputs.{name}.type");
            }
        }
        yield return (d.Root.Connections, "root.connections");
        foreach (var (connection, i) in d.Root.Connections.Select((c, i) => (c, i)))
        {
            var at = $"root.connections[{i}]";
            yield return (connection, at);
            foreach (var (end, endpoint) in new[] { ("source", connection.Source), ("target", connection.Target) })
            {
                yield return (endpoint, $"{at}.{end}");
                yield return (endpoint.Activity, $"{at}.{end}.activity");
                yield return (endpoint.Port, $"{at}.{end}.port");
            }
        }
    }

    /// <summary>The reader's own message for broken JSON; for JSON of the wrong shape, what was expected where.</summary>
    private static string Describe(JsonException ex)
    {
        const string wrongKind = "The JSON value could not be converted to ";
        if (ex.Message.StartsWith(wrongKind, StringComparison.Ordinal))
        {
            var type = FirstSentence(ex.Message)[wrongKind.Length..].TrimEnd('.').Replace("System.Nullable`1[", "", StringComparison.Ordinal);
            var expected = type switch
            {
                _ when type.StartsWith("System.Collections.Generic.List`1", StringComparison.Ordinal) => "a list [ … ]",
                _ when type.StartsWith("System.String", StringComparison.Ordinal) => "text in quotes",
                _ when type.StartsWith("System.Int32", StringComparison.Ordinal) => "a whole number",
                _ when type.StartsWith("System.Boolean", StringComparison.Ordinal) => "true or false",
                _ => "an object { … }",
            };
            var path = ex.Path is null or "$" ? "the document" : $"'{ex.Path.TrimStart('$', '.')}'";
            return $"{path} must be {expected}";
        }
        return FirstSentence(ex.Message);
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}

public sealed class DefinitionFormatException(string message, Exception? inner = null) : Exception(message, inner);
