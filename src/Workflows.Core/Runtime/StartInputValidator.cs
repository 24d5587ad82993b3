using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workflows.Core.Definitions;

namespace Workflows.Core.Runtime;

/// <summary>Checks a start input against the definition's input fields: every missing or mistyped one is named.</summary>
public static class StartInputValidator
{
    /// <exception cref="WorkflowInputException">One or more inputs are missing or invalid.</exception>
    public static void Validate(IReadOnlyList<InputDefinition> fields, JsonObject input)
    {
        var errors = new List<InputError>();
        foreach (var field in fields)
        {
            var value = input[field.Name];
            if (IsEmpty(value))
            {
                if (field.Required)
                {
                    errors.Add(new InputError(field.Name, $"'{field.Label ?? field.Name}' is required"));
                }
                continue;
            }
            if (TypeProblem(field, value!) is { } problem)
            {
                errors.Add(new InputError(field.Name, problem));
            }
        }
        if (errors.Count > 0)
        {
            throw new WorkflowInputException(errors);
        }
    }

    private static bool IsEmpty(JsonNode? value) => value switch
    {
        null => true,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => string.IsNullOrWhiteSpace(v.GetValue<string>()),
        JsonArray a => a.Count == 0,
        _ => false,
    };

    private static string? TypeProblem(InputDefinition field, JsonNode value)
    {
        var kind = value.GetValueKind();
        return field.Type switch
        {
            FieldTypes.Number when kind != JsonValueKind.Number => "must be a number",
            FieldTypes.Checkbox when kind is not (JsonValueKind.True or JsonValueKind.False) => "must be true or false",
            FieldTypes.Date when kind != JsonValueKind.String || !DateOnly.TryParse(value.GetValue<string>(), CultureInfo.InvariantCulture, out _)
                && !DateTimeOffset.TryParse(value.GetValue<string>(), CultureInfo.InvariantCulture, out _) => "must be a date (YYYY-MM-DD)",
            FieldTypes.File when !IsAttachmentReference(value) => "must be an attachment id or a list of attachment ids",
            FieldTypes.Text or FieldTypes.Textarea or FieldTypes.Select when kind != JsonValueKind.String => "must be text",
            FieldTypes.Checklist when kind is not (JsonValueKind.Array or JsonValueKind.Object) => "must be a list of checked items",
            _ => null,
        };
    }

    private static bool IsAttachmentReference(JsonNode value) => value switch
    {
        JsonValue v => v.GetValueKind() == JsonValueKind.String,
        JsonArray a => a.All(item => item is JsonValue v && v.GetValueKind() == JsonValueKind.String),
        _ => false,
    };
}
