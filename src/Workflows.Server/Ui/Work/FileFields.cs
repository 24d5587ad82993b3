using System.Text.Json;
using System.Text.Json.Nodes;
using Workflows.Core.Definitions;
using Workflows.Core.Runtime;
using Workflows.Core.Tasks;

namespace Workflows.Server.Ui.Work;

/// <summary>Which form field each uploaded file of a matter belongs to: the start form's file inputs and every task form's file fields.</summary>
internal static class FileFields
{
    /// <returns>Attachment id → the field's label (its name when it has none).</returns>
    public static IReadOnlyDictionary<string, string> Of(WorkflowDefinition? definition, JsonObject? input, IEnumerable<string> taskStates)
    {
        var labels = new Dictionary<string, string>();
        Collect(labels, definition?.Inputs ?? [], input);
        foreach (var state in taskStates)
        {
            var task = JsonSerializer.Deserialize<TaskState>(state, InstanceJson.Options);
            foreach (var signer in task?.Signers ?? [])
            {
                Collect(labels, task!.Form?.Fields ?? [], signer.Data);
            }
        }
        return labels;
    }

    private static void Collect(Dictionary<string, string> labels, IEnumerable<InputDefinition> fields, JsonObject? values)
    {
        foreach (var field in fields.Where(f => f.Type == FieldTypes.File))
        {
            var label = string.IsNullOrEmpty(field.Label) ? field.Name : field.Label;
            var ids = values?[field.Name] switch
            {
                JsonArray many => many.Select(n => n?.ToString()),
                JsonValue one => [one.ToString()],
                _ => [],
            };
            foreach (var id in ids.OfType<string>())
            {
                labels.TryAdd(id, label);
            }
        }
    }
}
