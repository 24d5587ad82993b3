using Workflows.Core.Definitions;

namespace Workflows.Persistence.Definitions;

/// <summary>The stored and exported JSON of a definition: the server-set version fields live in columns, not in it.</summary>
internal static class DefinitionJson
{
    private static readonly string[] ServerFields = ["version", "isLatest", "isPublished"];

    public static string ToStored(WorkflowDefinition definition)
    {
        var node = System.Text.Json.JsonSerializer.SerializeToNode(definition, WorkflowDefinitionSerializer.Options)!.AsObject();
        foreach (var field in ServerFields)
        {
            node.Remove(field);
        }
        return node.ToJsonString(WorkflowDefinitionSerializer.Options);
    }

    /// <summary>A fresh object each call, with the row's version fields set, so callers may change it freely.</summary>
    public static WorkflowDefinition FromRow(DefinitionVersionRecord row)
    {
        var definition = WorkflowDefinitionSerializer.Deserialize(row.Json);
        definition.Version = row.Version;
        definition.IsLatest = row.IsLatest;
        definition.IsPublished = row.IsPublished;
        return definition;
    }
}
