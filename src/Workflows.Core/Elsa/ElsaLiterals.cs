using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;

namespace Workflows.Core.Elsa;

/// <summary>
/// Elsa stores every literal as text and names its .NET type beside it; ours are typed JSON. "True" with Boolean
/// becomes true, "5" with Int32 the number 5, "00:00:05" with TimeSpan the ISO-8601 duration "PT5S".
/// </summary>
public static class ElsaLiterals
{
    private static readonly HashSet<string> Numbers = new(StringComparer.OrdinalIgnoreCase)
    {
        "Byte", "SByte", "Int16", "UInt16", "Int32", "UInt32", "Int64", "UInt64", "Single", "Double", "Decimal", "Number", "int", "long", "double", "decimal", "float",
    };

    public static JsonNode? Convert(string text, string? typeName)
    {
        var type = ElsaJson.ShortTypeName(typeName);
        if (type.Equals("Boolean", StringComparison.OrdinalIgnoreCase) || type.Equals("bool", StringComparison.OrdinalIgnoreCase))
        {
            return bool.TryParse(text.Trim(), out var flag) ? JsonValue.Create(flag) : JsonValue.Create(text);
        }
        if (Numbers.Contains(type))
        {
            if (long.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole))
            {
                return JsonValue.Create(whole);
            }
            return decimal.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                ? JsonValue.Create(number) : JsonValue.Create(text);
        }
        if (type.Equals("TimeSpan", StringComparison.OrdinalIgnoreCase))
        {
            return ToIsoDuration(text) is { } iso ? JsonValue.Create(iso) : JsonValue.Create(text);
        }
        var trimmed = text.TrimStart();
        // Lists and objects arrive as JSON text; a String that merely starts with a bracket stays text.
        if ((trimmed.StartsWith('[') || trimmed.StartsWith('{')) && !type.Equals("String", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return JsonNode.Parse(text, documentOptions: ElsaJson.DocumentOptions);
            }
            catch (JsonException)
            {
                return JsonValue.Create(text);
            }
        }
        return JsonValue.Create(text);
    }

    /// <summary>A .NET TimeSpan text ("00:00:05", "1.02:00:00") as ISO-8601 ("PT5S", "P1DT2H"); ISO input is kept.</summary>
    public static string? ToIsoDuration(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.StartsWith('P') || trimmed.StartsWith("-P", StringComparison.Ordinal))
        {
            return trimmed;
        }
        return TimeSpan.TryParse(trimmed, CultureInfo.InvariantCulture, out var span) ? XmlConvert.ToString(span) : null;
    }

    /// <summary>An ISO-8601 duration as the TimeSpan text Elsa reads, or null when it is not one.</summary>
    public static string? ToTimeSpanText(string iso)
    {
        try
        {
            return XmlConvert.ToTimeSpan(iso).ToString("c", CultureInfo.InvariantCulture);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
