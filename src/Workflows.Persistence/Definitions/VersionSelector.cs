using System.Globalization;

namespace Workflows.Persistence.Definitions;

/// <summary>Which version of a definition: the latest (perhaps a draft), the published one, or a given number.</summary>
public readonly record struct VersionSelector
{
    private VersionSelector(int? number, bool published) => (Number, IsPublished) = (number, published);

    public static VersionSelector Latest => new(null, false);
    public static VersionSelector Published => new(null, true);
    public static VersionSelector Exactly(int version) => new(version, false);

    /// <summary>The version number, when one was asked for.</summary>
    public int? Number { get; }
    public bool IsPublished { get; }

    /// <summary>Reads <c>latest</c>, <c>published</c> or a positive number; no text at all means latest.</summary>
    public static bool TryParse(string? text, out VersionSelector selector)
    {
        selector = Latest;
        if (string.IsNullOrWhiteSpace(text) || text.Equals("latest", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        if (text.Equals("published", StringComparison.OrdinalIgnoreCase))
        {
            selector = Published;
            return true;
        }
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0)
        {
            selector = Exactly(number);
            return true;
        }
        return false;
    }

    public override string ToString() => Number?.ToString(CultureInfo.InvariantCulture) ?? (IsPublished ? "published" : "latest");
}
