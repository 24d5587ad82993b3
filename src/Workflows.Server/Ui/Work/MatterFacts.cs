using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Workflows.Core.Definitions;
using Workflows.Core.Runtime;
using Workflows.Persistence;

namespace Workflows.Server.Ui.Work;

/// <summary>What the inbox shows of a matter besides the step: its title, procedure and version, who started it and from which department.</summary>
internal sealed record Matter(string Title, string ProcedureName, int Version, string? StarterName, string? StarterDepartment);

/// <summary>Reads the facts of many matters at once: one query for the instances, one for the starters, definitions by version.</summary>
internal sealed class MatterFacts(WorkflowsDbContext db, IWorkflowDefinitionSource definitions, MatterTitles titles)
{
    public async Task<IReadOnlyDictionary<string, Matter>> ForAsync(IEnumerable<string> instanceIds, CancellationToken cancellationToken)
    {
        var ids = instanceIds.Distinct().ToList();
        var instances = await db.Instances.AsNoTracking().Where(i => ids.Contains(i.Id))
            // The title is stored at start; the state (most of the row) is read only for a matter still without one.
            .Select(i => new { i.Id, i.DefinitionId, i.DefinitionVersion, i.StartedBy, i.Title, State = i.Title == null ? i.State : null }).ToListAsync(cancellationToken);
        var starters = instances.Select(i => i.StartedBy).OfType<string>().Distinct().ToList();
        var people = await db.Users.AsNoTracking().Where(u => starters.Contains(u.UserName!))
            .Select(u => new { u.UserName, u.DisplayName, Department = db.Departments.Where(d => d.Code == u.DepartmentCode).Select(d => d.Name).FirstOrDefault() })
            .ToDictionaryAsync(u => u.UserName!, cancellationToken);
        var loaded = new Dictionary<(string, int), WorkflowDefinition?>();
        var matters = new Dictionary<string, Matter>();
        foreach (var instance in instances)
        {
            if (!loaded.TryGetValue((instance.DefinitionId, instance.DefinitionVersion), out var definition))
            {
                definition = await definitions.FindAsync(instance.DefinitionId, instance.DefinitionVersion, cancellationToken);
                loaded[(instance.DefinitionId, instance.DefinitionVersion)] = definition;
            }
            var starter = instance.StartedBy is { } by ? people.GetValueOrDefault(by) : null;
            matters[instance.Id] = new Matter(instance.Title ?? titles.Of(definition, InputOf(instance.State ?? "")), definition?.Name ?? instance.DefinitionId,
                instance.DefinitionVersion, starter?.DisplayName ?? instance.StartedBy, starter?.Department);
        }
        return matters;
    }

    /// <summary>The start form's values in an instance's stored state (empty when it cannot be read).</summary>
    internal static JsonObject InputOf(string state)
    {
        try
        {
            return JsonNode.Parse(state)?["input"] as JsonObject ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
