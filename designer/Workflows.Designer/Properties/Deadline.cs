using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;

namespace Workflows.Designer.Properties;

/// <summary>How one deadline is given, in the shapes the engine's TaskDeadlineCalculator reads.</summary>
public enum DeadlineKind
{
    None,
    WorkingDays,
    Duration,
    At,
}

/// <summary>
/// One deadline as the clerk types it: a kind and the text of its value. <see cref="Error"/> names what is wrong
/// (a resource key), so an editor can refuse to publish a value the engine would fail on when the task is created.
/// </summary>
public sealed record Deadline(DeadlineKind Kind, string Text)
{
    public static readonly Deadline None = new(DeadlineKind.None, "");

    /// <summary>Null when the value is usable or not typed yet; otherwise the resource key of the message.</summary>
    public string? Error => Kind switch
    {
        _ when string.IsNullOrWhiteSpace(Text) => null,
        DeadlineKind.WorkingDays => int.TryParse(Text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out _) ? null : "Deadline_BadWorkingDays",
        DeadlineKind.Duration => DurationOf(Text) is { } d && d > TimeSpan.Zero ? null : "Deadline_BadDuration",
        DeadlineKind.At => IsDate(Text) ? null : "Deadline_BadDate",
        _ => null,
    };

    /// <summary>The JSON value of this deadline (a number or a string), or null when there is none or it is invalid.</summary>
    public JsonNode? ToJson() => Kind switch
    {
        _ when Error is not null || string.IsNullOrWhiteSpace(Text) => null,
        DeadlineKind.WorkingDays => JsonValue.Create(int.Parse(Text.Trim(), CultureInfo.InvariantCulture)),
        DeadlineKind.Duration or DeadlineKind.At => JsonValue.Create(Text.Trim()),
        _ => null,
    };

    /// <summary>Whether this deadline falls before <paramref name="other"/>; only known when both are valid and of the same kind.</summary>
    public bool IsBefore(Deadline other) => Kind == other.Kind && Error is null && other.Error is null
        && !string.IsNullOrWhiteSpace(Text) && !string.IsNullOrWhiteSpace(other.Text) && Kind switch
        {
            DeadlineKind.WorkingDays => int.Parse(Text.Trim(), CultureInfo.InvariantCulture) < int.Parse(other.Text.Trim(), CultureInfo.InvariantCulture),
            DeadlineKind.Duration => DurationOf(Text) < DurationOf(other.Text),
            DeadlineKind.At => string.CompareOrdinal(Text.Trim()[..10], other.Text.Trim()[..10]) < 0,
            _ => false,
        };

    /// <summary>A bare value in the short forms the engine accepts: a number is working days, "P…" a duration, any other text a date.</summary>
    public static Deadline FromShorthand(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => new(DeadlineKind.WorkingDays, v.ToJsonString()),
        JsonValue v when v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().StartsWith('P') => new(DeadlineKind.Duration, v.GetValue<string>()),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => new(DeadlineKind.At, v.GetValue<string>()),
        _ => None,
    };

    /// <summary>The first of <c>{prefix}WorkingDays</c>, <c>{prefix}Duration</c>, <c>{prefix}At</c> present in <paramref name="spec"/> (the engine's order).</summary>
    public static Deadline FromObject(JsonObject spec, string prefix)
    {
        foreach (var kind in (DeadlineKind[])[DeadlineKind.WorkingDays, DeadlineKind.Duration, DeadlineKind.At])
        {
            if (spec[KeyOf(kind, prefix)] is JsonValue value)
            {
                return new(kind, value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString());
            }
        }
        return None;
    }

    /// <summary>The key in a due object: <c>workingDays</c> or, with prefix "hard", <c>hardWorkingDays</c>.</summary>
    public static string KeyOf(DeadlineKind kind, string prefix)
    {
        var name = kind switch
        {
            DeadlineKind.WorkingDays => "WorkingDays",
            DeadlineKind.Duration => "Duration",
            DeadlineKind.At => "At",
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        return prefix.Length == 0 ? char.ToLowerInvariant(name[0]) + name[1..] : prefix + name;
    }

    private static TimeSpan? DurationOf(string text)
    {
        try
        {
            return XmlConvert.ToTimeSpan(text.Trim());
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>What the engine parses: a bare date (the whole of that day) or an ISO-8601 date-time.</summary>
    private static bool IsDate(string text)
    {
        text = text.Trim();
        return text.Length == 10
            ? DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
            : text.Length > 10 && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
    }
}
