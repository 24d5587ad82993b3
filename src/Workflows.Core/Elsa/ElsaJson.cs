using System.Text.Json;
using System.Text.Json.Nodes;

namespace Workflows.Core.Elsa;

/// <summary>Reading Elsa JSON as Elsa's own converters do: camelCase or PascalCase names, lists bare or as <c>$values</c>.</summary>
internal static class ElsaJson
{
    public static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>The text without a UTF-8 byte-order mark, which Studio exports on Windows carry.</summary>
    public static string WithoutBom(string json) => json.Length > 0 && json[0] == '\uFEFF' ? json[1..] : json;

    public static JsonNode? Prop(JsonObject? o, string name)
    {
        if (o is null)
        {
            return null;
        }
        if (o.TryGetPropertyValue(name, out var exact))
        {
            return exact;
        }
        foreach (var (key, value) in o)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }
        return null;
    }

    public static string? Text(JsonObject? o, string name) =>
        Prop(o, name) is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    public static bool Flag(JsonObject? o, string name) => Prop(o, name) is JsonValue v && v.GetValueKind() == JsonValueKind.True;

    /// <summary>An array, an array wrapped as <c>{ "$values": [...] }</c>, or a single object standing for a one-item list.</summary>
    public static IEnumerable<JsonObject> List(JsonNode? node) => node switch
    {
        JsonArray array => array.OfType<JsonObject>(),
        JsonObject o when Prop(o, "$values") is JsonArray values => values.OfType<JsonObject>(),
        JsonObject o when Prop(o, "source") is not null => [o],
        _ => [],
    };

    /// <summary>An Elsa type name without namespace or assembly: "System.Boolean, System.Private.CoreLib" → "Boolean".</summary>
    public static string ShortTypeName(string? typeName)
    {
        if (string.IsNullOrWhiteSpace(typeName))
        {
            return "";
        }
        var name = typeName.Split(',')[0].Trim();
        var generic = name.IndexOf('`');
        var dot = (generic > 0 ? name[..generic] : name).LastIndexOf('.');
        return dot >= 0 ? name[(dot + 1)..] : name;
    }
}
