using System.Collections.Concurrent;

namespace Workflows.Core.Definitions;

/// <summary>Where the engine finds the definition version an instance runs on.</summary>
public interface IWorkflowDefinitionSource
{
    /// <param name="version">A version number, or null for the latest published version.</param>
    Task<WorkflowDefinition?> FindAsync(string definitionId, int? version, CancellationToken cancellationToken);
}

/// <summary>Definitions held in memory (tests, the CLI, benchmarks). Each added definition is a published version.</summary>
public sealed class InMemoryWorkflowDefinitionSource : IWorkflowDefinitionSource
{
    private readonly ConcurrentDictionary<(string Id, int Version), WorkflowDefinition> _versions = new();

    /// <summary>Adds a version; without a version number it becomes the next one.</summary>
    public WorkflowDefinition Add(WorkflowDefinition definition)
    {
        var version = definition.Version ?? _versions.Keys.Where(k => k.Id == definition.DefinitionId).Select(k => k.Version).DefaultIfEmpty(0).Max() + 1;
        definition.Version = version;
        definition.IsPublished = true;
        _versions[(definition.DefinitionId, version)] = definition;
        return definition;
    }

    public Task<WorkflowDefinition?> FindAsync(string definitionId, int? version, CancellationToken cancellationToken)
    {
        if (version is { } number)
        {
            return Task.FromResult(_versions.GetValueOrDefault((definitionId, number)));
        }
        var latest = _versions.Where(p => p.Key.Id == definitionId).OrderByDescending(p => p.Key.Version).Select(p => p.Value).FirstOrDefault();
        return Task.FromResult(latest);
    }
}
