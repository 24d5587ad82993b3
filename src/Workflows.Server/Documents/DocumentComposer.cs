using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Fluid;
using Fluid.Values;

namespace Workflows.Server.Documents;

/// <summary>A template part that does not parse: which part, and the parser's message with its line and column.</summary>
public sealed record TemplateSyntaxError(string Part, string Message, int? Line, int? Column);

/// <summary>Fills a template's Liquid parts (Fluid) into a <see cref="ComposedDocument"/>; values stay plain text here and the writers escape them.</summary>
public sealed partial class DocumentComposer
{
    public const char RowSeparator = '｜';

    private static readonly FluidParser Parser = new();
    private static readonly TemplateOptions Options = CreateOptions();

    public static IReadOnlyList<TemplateSyntaxError> FindSyntaxErrors(DocumentTemplate template)
    {
        var errors = new List<TemplateSyntaxError>();
        foreach (var (part, text) in template.Parts)
        {
            if (!Parser.TryParse(text, out _, out var error))
            {
                var position = PositionPattern().Match(error);
                errors.Add(new TemplateSyntaxError(part, error,
                    position.Success ? int.Parse(position.Groups[1].Value, CultureInfo.InvariantCulture) : null,
                    position.Success ? int.Parse(position.Groups[2].Value, CultureInfo.InvariantCulture) : null));
            }
        }
        return errors;
    }

    /// <summary>The draft the template makes from <paramref name="data"/>: every part filled in, no number and no date yet.</summary>
    /// <exception cref="InvalidOperationException">A part does not parse (a template saved before it was checked).</exception>
    public static DocumentDraft Compose(DocumentTemplate template, JsonNode? data, string? title)
    {
        var context = new TemplateContext(Options);
        context.SetValue("data", ToClr(data) ?? new Dictionary<string, object?>());
        context.SetValue("document", new Dictionary<string, object?> { ["title"] = title ?? template.Name });
        string Render(string part, string text) => Parser.TryParse(text, out var parsed, out var error)
            ? parsed.Render(context).Trim()
            : throw new InvalidOperationException($"document template '{template.Key}' {part}: {error}");

        var rendered = Render("title", template.Title);
        var annexTitle = Render("annexTitle", template.AnnexTitle);
        var annex = Blocks(Render("annex", template.Annex));
        return new DocumentDraft(
            Render("issuer", template.Issuer),
            rendered.Length > 0 ? rendered : title ?? template.Name,
            Render("addressee", template.Addressee),
            Blocks(Render("body", template.Body)),
            Lines(Render("cc", template.Cc)),
            Render("printedBy", template.PrintedBy),
            annexTitle.Length > 0 && annex.Count > 0 ? [new DocumentAnnex(annexTitle, annex, template.AnnexPublic)] : []);
    }

    /// <summary>Text as the body's blocks: one a line, a line with ｜ a table row (label｜value).</summary>
    public static IReadOnlyList<DocumentBlock> Blocks(string text) =>
        [.. Lines(text).Select(line => line.IndexOf(RowSeparator) is var at and > 0
            ? new DocumentBlock(line[..at].Trim(), line[(at + 1)..].Trim())
            : new DocumentBlock(line))];

    public static string Number(string prefix, int year, int sequence) => $"{prefix}〔{year}〕{sequence}号";

    public static string ChineseDate(DateOnly date) => $"{date.Year}年{date.Month}月{date.Day}日";

    private static IReadOnlyList<string> Lines(string text) => text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static TemplateOptions CreateOptions()
    {
        var options = new TemplateOptions();
        options.Filters.AddFilter("cndate", (input, _, _) =>
            new StringValue(DateOnly.TryParseExact(input.ToStringValue(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                ? ChineseDate(date)
                : input.ToStringValue()));
        return options;
    }

    /// <summary>Fluid reads dictionaries, lists and primitives; the activity's JSON data is converted to those.</summary>
    private static object? ToClr(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => o.ToDictionary(p => p.Key, p => ToClr(p.Value)),
        JsonArray a => a.Select(ToClr).ToList(),
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.Number => v.GetValue<decimal>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => null,
        },
        _ => node.ToJsonString(),
    };

    [GeneratedRegex(@"\((\d+):(\d+)\)")]
    private static partial Regex PositionPattern();
}
