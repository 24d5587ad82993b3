using System.Text.Json.Nodes;
using Workflows.Core.Expressions;

namespace Workflows.Core.Definitions;

/// <summary>
/// What makes one matter recognisable among many of the same procedure: the definition's <c>metadata.matterTitle</c>
/// (a Liquid template over <c>input</c>, e.g. <c>{{ input.unit }} {{ input.requestNumber }}</c>), else the start
/// form's <c>title</c>, else its first two filled-in text fields.
/// </summary>
public sealed class MatterTitles(LiquidRenderer liquid)
{
    public const string MetadataKey = "matterTitle";

    public string Of(WorkflowDefinition? definition, JsonObject input)
    {
        if (definition?.Metadata?[MetadataKey] is JsonValue template && template.ToString() is { Length: > 0 } text)
        {
            try
            {
                if (liquid.Render(text, new ExpressionScope(input, [], null)).Trim() is { Length: > 0 } rendered)
                {
                    return rendered;
                }
            }
            catch (ExpressionException)
            {
                // A template that does not render leaves the fallbacks below: the inbox must still show something.
            }
        }
        if (input["title"] is JsonValue title && title.ToString() is { Length: > 0 } given)
        {
            return given;
        }
        var texts = (definition?.Inputs ?? []).Where(i => i.Type == FieldTypes.Text)
            .Select(i => input[i.Name] is JsonValue value ? value.ToString() : "")
            .Where(v => v.Length > 0).Take(2);
        return string.Join(" ", texts);
    }
}
