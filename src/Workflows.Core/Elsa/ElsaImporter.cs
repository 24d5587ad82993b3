using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Workflows.Core.Definitions;
using Workflows.Core.Validation;

namespace Workflows.Core.Elsa;

/// <summary>
/// The result of reading an Elsa 3 file: the definition, or null when the file is refused (not Elsa JSON, a root
/// other than a flowchart, an activity or expression we do not support: never a partial import); and every problem.
/// </summary>
public sealed record ElsaConversion(WorkflowDefinition? Definition, IReadOnlyList<ValidationProblem> Problems)
{
    public static readonly IReadOnlySet<string> RefusalCodes = new HashSet<string>(
        [ValidationCodes.ElsaFormat, ValidationCodes.ElsaRootType, ValidationCodes.ElsaUnsupportedActivity, ValidationCodes.ElsaUnsupportedExpression]);
}

/// <summary>
/// Converts Elsa 3.0–3.5 workflow JSON (Studio exports and the server's stored shape) to our definition. The shapes
/// follow Elsa's own converters: typed inputs <c>{ typeName, expression: { type, value } }</c>, connections nested
/// (3.1+) or flat (3.0), PascalCase or camelCase, lists bare or as <c>$values</c>; extra properties are ignored.
/// </summary>
public static partial class ElsaImporter
{
    public const string RootType = "Elsa.Flowchart";

    /// <summary>
    /// Whether the JSON is an Elsa workflow rather than one of ours: its root or an activity has an <c>Elsa.</c>
    /// type, or it carries Elsa's schema or tool version.
    /// </summary>
    public static bool IsElsa(string json)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(ElsaJson.WithoutBom(json), documentOptions: ElsaJson.DocumentOptions);
        }
        catch (JsonException)
        {
            return false;
        }
        if (node is not JsonObject o)
        {
            return false;
        }
        if ((ElsaJson.Text(o, "$schema") ?? "").Contains("elsaworkflows", StringComparison.OrdinalIgnoreCase) || ElsaJson.Prop(o, "toolVersion") is not null)
        {
            return true;
        }
        var root = ElsaJson.Prop(o, "root") as JsonObject;
        return (ElsaJson.Text(root, "type") ?? "").StartsWith("Elsa.", StringComparison.Ordinal)
            || ElsaJson.List(ElsaJson.Prop(root, "activities")).Any(a => (ElsaJson.Text(a, "type") ?? "").StartsWith("Elsa.", StringComparison.Ordinal));
    }

    /// <param name="definitionId">Overrides the file's id; needed for files that have none and no name.</param>
    public static ElsaConversion Convert(string json, string? definitionId = null)
    {
        JsonObject document;
        try
        {
            document = JsonNode.Parse(ElsaJson.WithoutBom(json), documentOptions: ElsaJson.DocumentOptions) as JsonObject
                ?? throw new JsonException("the file is not a JSON object");
        }
        catch (JsonException ex)
        {
            return Refused(ValidationCodes.ElsaFormat, null, $"not Elsa workflow JSON: {ex.Message}");
        }
        if (ElsaJson.Prop(document, "root") is not JsonObject root)
        {
            return Refused(ValidationCodes.ElsaFormat, null, "the Elsa workflow has no 'root' activity");
        }
        var rootType = ElsaJson.Text(root, "type");
        if (rootType != RootType)
        {
            return Refused(ValidationCodes.ElsaRootType, ElsaJson.Text(root, "id"),
                $"the root is '{rootType ?? "(no type)"}'; only an {RootType} root can be imported (a Sequence or other container is not supported)");
        }
        return new ElsaFlowchartReader(document, root).Read(definitionId);
    }

    private static ElsaConversion Refused(string code, string? activityId, string message) =>
        new(null, [ValidationProblem.Error(code, activityId, message)]);

    /// <summary>A definition id from a name: lower-case letters, digits and dashes; Chinese names keep their characters.</summary>
    internal static string? Slug(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }
        var slug = NotIdCharacters().Replace(name.Trim().ToLowerInvariant(), "-").Trim('-');
        return slug.Length == 0 ? null : slug;
    }

    [GeneratedRegex(@"[^\p{L}\p{N}_-]+")]
    private static partial Regex NotIdCharacters();
}
