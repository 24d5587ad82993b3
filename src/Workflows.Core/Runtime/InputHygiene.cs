using System.Text.Json;
using System.Text.Json.Nodes;
using Workflows.Core.Definitions;

namespace Workflows.Core.Runtime;

/// <summary>
/// What no input may carry, whatever its field type: a field the definition does not declare (it would flow into
/// titles and e-mail subjects unchecked) and control characters in text (PostgreSQL refuses NUL; SQLite would keep
/// it). Tabs and line breaks are text.
/// </summary>
public static class InputHygiene
{
    /// <exception cref="WorkflowInputException">An input is undeclared (when refused) or holds a control character.</exception>
    public static void Check(IReadOnlyList<InputDefinition> fields, JsonObject input, bool refuseUndeclared)
    {
        var declared = fields.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        var errors = new List<InputError>();
        foreach (var (name, value) in input)
        {
            if (refuseUndeclared && !declared.Contains(name))
            {
                errors.Add(new InputError(name, $"'{name}' is not an input of this workflow (it declares {(declared.Count == 0 ? "none" : string.Join(", ", declared.Order()))})"));
            }
            else if (HasControlCharacter(name) || HasControlCharacter(value))
            {
                errors.Add(new InputError(name, $"'{name}' contains a control character (such as NUL), which text may not hold"));
            }
        }
        if (errors.Count > 0)
        {
            throw new WorkflowInputException(errors);
        }
    }

    private static bool HasControlCharacter(JsonNode? value) => value switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => HasControlCharacter(v.GetValue<string>()),
        JsonArray a => a.Any(HasControlCharacter),
        JsonObject o => o.Any(p => HasControlCharacter(p.Key) || HasControlCharacter(p.Value)),
        _ => false,
    };

    private static bool HasControlCharacter(string text) => text.Any(c => char.IsControl(c) && c is not ('\t' or '\r' or '\n'));
}
