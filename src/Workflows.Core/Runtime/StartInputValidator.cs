using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workflows.Core.Definitions;
using Workflows.Core.Organisation;

namespace Workflows.Core.Runtime;

/// <summary>
/// Checks a start input (or a task's form data) against its fields: every missing or mistyped one is named, and a
/// department, user or users field must name departments and people the organisation has.
/// </summary>
public static class StartInputValidator
{
    /// <exception cref="WorkflowInputException">One or more inputs are missing or invalid.</exception>
    /// <param name="outcome">A task's chosen outcome: fields <see cref="InputDefinition.RequiredFor"/> it are required too.</param>
    public static void Validate(IReadOnlyList<InputDefinition> fields, JsonObject input, IOrganisationDirectory? organisation = null, string? outcome = null)
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
                else if (outcome is not null && field.RequiredFor?.Contains(outcome) == true)
                {
                    errors.Add(new InputError(field.Name, $"'{field.Label ?? field.Name}' is required for outcome '{outcome}'"));
                }
                continue;
            }
            if ((TypeProblem(field, value!) ?? OrganisationProblem(field, value!, organisation)) is { } problem)
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
            FieldTypes.File when !IsTextOrTexts(value) => "must be an attachment id or a list of attachment ids",
            FieldTypes.Text or FieldTypes.Textarea or FieldTypes.Select when kind != JsonValueKind.String => "must be text",
            FieldTypes.Checklist when kind is not (JsonValueKind.Array or JsonValueKind.Object) => "must be a list of checked items",
            FieldTypes.Department when kind != JsonValueKind.String => "must be a department code",
            FieldTypes.User when kind != JsonValueKind.String => "must be a user name",
            FieldTypes.Users when !IsTextOrTexts(value) => "must be a user name or a list of user names",
            FieldTypes.Matters when !IsTextOrTexts(value) => "must be a matter id or a list of matter ids",
            _ => null,
        };
    }

    private static string? OrganisationProblem(InputDefinition field, JsonNode value, IOrganisationDirectory? organisation)
    {
        if (organisation is null)
        {
            return null;
        }
        return field.Type switch
        {
            FieldTypes.Department when !organisation.DepartmentExists(value.GetValue<string>()) => $"department '{value.GetValue<string>()}' does not exist",
            FieldTypes.User when !organisation.UserExists(value.GetValue<string>()) => $"user '{value.GetValue<string>()}' does not exist",
            FieldTypes.Users when UserNames(value).Where(u => !organisation.UserExists(u)).ToList() is { Count: > 0 } unknown =>
                $"{(unknown.Count == 1 ? "user" : "users")} {string.Join(", ", unknown.Select(u => $"'{u}'"))} {(unknown.Count == 1 ? "does" : "do")} not exist",
            _ => null,
        };
    }

    private static IEnumerable<string> UserNames(JsonNode value) => value switch
    {
        JsonArray list => list.Select(v => v!.GetValue<string>()),
        _ => [value.GetValue<string>()],
    };

    private static bool IsTextOrTexts(JsonNode value) => value switch
    {
        JsonValue v => v.GetValueKind() == JsonValueKind.String,
        JsonArray a => a.All(item => item is JsonValue v && v.GetValueKind() == JsonValueKind.String),
        _ => false,
    };
}
