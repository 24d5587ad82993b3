using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;

namespace Workflows.Core.Definitions;

/// <summary>Loads and saves definitions as camelCase JSON; unknown properties and metadata survive a round trip.</summary>
public static class WorkflowDefinitionSerializer
{
    public static readonly JsonSerializerOptions Options = CreateOptions(indented: true);

    public static JsonSerializerOptions CreateOptions(bool indented) => new(JsonSerializerDefaults.Web)
    {
        WriteIndented = indented,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Chinese names stay readable in saved files.
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <exception cref="DefinitionFormatException">The text is not JSON or not a definition.</exception>
    public static WorkflowDefinition Deserialize(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<WorkflowDefinition>(json, Options)
                ?? throw new DefinitionFormatException("the file holds JSON null, not a workflow definition");
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" at line {line + 1}, column {(ex.BytePositionInLine ?? 0) + 1}" : "";
            throw new DefinitionFormatException($"not a valid workflow definition{where}: {FirstSentence(ex.Message)}", ex);
        }
    }

    public static string Serialize(WorkflowDefinition definition) => JsonSerializer.Serialize(definition, Options);

    public static WorkflowDefinition Clone(WorkflowDefinition definition) => Deserialize(Serialize(definition));

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}

public sealed class DefinitionFormatException(string message, Exception? inner = null) : Exception(message, inner);
