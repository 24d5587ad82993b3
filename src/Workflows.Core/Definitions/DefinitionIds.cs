using System.Text.RegularExpressions;

namespace Workflows.Core.Definitions;

/// <summary>
/// A definition's id is part of addresses (<c>/designer/{id}</c>, <c>/api/workflow-definitions/{id}</c>) and file
/// names: lowercase letters, digits and single hyphens between them, like <c>vehicle-scrapping</c>.
/// </summary>
public static partial class DefinitionIds
{
    public const int MaxLength = Validation.DefinitionLimits.MaxIdLength;

    public const string Rule = "lowercase letters (a-z), digits and hyphens, starting with a letter or digit, e.g. vehicle-scrapping";

    public static bool IsValid(string? id) => id is { Length: > 0 and <= MaxLength } && Pattern().IsMatch(id);

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
