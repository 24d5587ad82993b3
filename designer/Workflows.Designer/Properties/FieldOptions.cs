using System.Text.Json;
using System.Text.Json.Nodes;

namespace Workflows.Designer.Properties;

/// <summary>
/// The choices of a select or checklist field (<c>options</c>): plain strings, or objects with a <c>value</c> (and a
/// label the form shows). The editor shows one value a line; an object whose value is still listed is kept as it is.
/// </summary>
public static class FieldOptions
{
    private const string OptionsKey = "options";
    private const string ValueKey = "value";

    public static IReadOnlyList<string> Values(JsonObject field) =>
        field[OptionsKey] is JsonArray options ? [.. options.Select(ValueOf).OfType<string>()] : [];

    /// <summary>Replaces the options with the non-empty, distinct lines of <paramref name="lines"/>, in their order.</summary>
    public static void Set(JsonObject field, string lines)
    {
        var existing = field[OptionsKey] as JsonArray ?? [];
        var kept = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var option in existing.OfType<JsonNode>())
        {
            if (ValueOf(option) is { } value)
            {
                kept.TryAdd(value, option);
            }
        }
        var values = lines.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Distinct(StringComparer.Ordinal);
        field[OptionsKey] = new JsonArray([.. values.Select(v => kept.TryGetValue(v, out var option) ? option.DeepClone() : JsonValue.Create(v))]);
    }

    private static string? ValueOf(JsonNode? option) => option switch
    {
        JsonObject o => o[ValueKey]?.ToString(),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v => v.ToJsonString(),
        _ => null,
    };
}
