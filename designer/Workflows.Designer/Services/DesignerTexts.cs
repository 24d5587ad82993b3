using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;
using Workflows.Designer.Resources;

namespace Workflows.Designer.Services;

/// <summary>
/// The designer's words for the engine's technical names: activity types, toolbox groups, inputs, ports and
/// validation problems, from the resource strings (<c>Activity_{Type}</c>, <c>Category_{Group}</c>,
/// <c>Input_{Type}_{input}</c> or <c>Input_{input}</c>, <c>InputHelp_…</c>, <c>Port_{port}</c>, <c>Problem_{Code}</c>).
/// A name without a string falls back to the engine's own text, in the UI's language where it carries both.
/// </summary>
public static partial class DesignerTexts
{
    public static string TypeName(this IStringLocalizer<Strings> l, ActivityTypeInfo type) =>
        Find(l, $"Activity_{type.Type}") ?? PartInLanguage(type.DisplayName);

    public static string TypeName(this IStringLocalizer<Strings> l, string type, IActivityCatalog catalog) =>
        catalog.Find(type) is { } info ? l.TypeName(info) : type;

    public static string? TypeHelp(this IStringLocalizer<Strings> l, ActivityTypeInfo type) =>
        Find(l, $"ActivityHelp_{type.Type}") ?? type.Description;

    public static string Category(this IStringLocalizer<Strings> l, string category) => Find(l, $"Category_{category}") ?? category;

    public static string InputLabel(this IStringLocalizer<Strings> l, string type, string input) =>
        Find(l, $"Input_{type}_{input}") ?? Find(l, $"Input_{input}") ?? input;

    public static string? InputHelp(this IStringLocalizer<Strings> l, string type, string input, string? engineText) =>
        Find(l, $"InputHelp_{type}_{input}") ?? Find(l, $"InputHelp_{input}") ?? (IsChinese ? null : engineText);

    /// <summary>A fixed port's label (Done, True, Default); an outcome's port is labelled by its outcome.</summary>
    public static string Port(this IStringLocalizer<Strings> l, string port) => Find(l, $"Port_{port}") ?? port;

    public static string ExpressionType(this IStringLocalizer<Strings> l, string type) => Find(l, $"ExprType_{type}") ?? type;

    /// <summary>
    /// A validation problem in the UI's words: {0} is the step's name, {1} the last name quoted in the engine's message
    /// (an input by its label), {2} the first, {3} the engine's message itself.
    /// </summary>
    public static string Problem(this IStringLocalizer<Strings> l, DesignerProblem problem, string? stepName, string? stepType)
    {
        if (Find(l, $"Problem_{problem.Code}") is not { } format)
        {
            return problem.Message;
        }
        var quoted = Quoted().Matches(problem.Message).Select(m => m.Groups[1].Value).ToList();
        string Named(string? name) => name is null ? "" : stepType is null ? name : l.InputLabel(stepType, name);
        return string.Format(CultureInfo.CurrentCulture, format, stepName ?? problem.ActivityId ?? "", Named(quoted.LastOrDefault()),
            Named(quoted.FirstOrDefault()), problem.Message);
    }

    private static bool IsChinese => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "zh";

    /// <summary>"人工任务 User task": the Chinese part in the Chinese UI, the rest in English.</summary>
    private static string PartInLanguage(string displayName)
    {
        var space = displayName.IndexOf(' ');
        if (space <= 0 || !displayName[..space].Any(c => c >= 0x3400))
        {
            return displayName;
        }
        return IsChinese ? displayName[..space] : displayName[(space + 1)..];
    }

    private static string? Find(IStringLocalizer<Strings> l, string key) => l.GetString(key) is { ResourceNotFound: false } found ? found.Value : null;

    [GeneratedRegex("'([^']*)'")]
    private static partial Regex Quoted();
}
