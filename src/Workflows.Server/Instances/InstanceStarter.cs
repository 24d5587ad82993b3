using System.Security.Claims;
using System.Text.Json.Nodes;
using Workflows.Core.Definitions;
using Workflows.Core.Runtime;
using Workflows.Persistence;
using Workflows.Server.Attachments;
using Workflows.Server.Auth;

namespace Workflows.Server.Instances;

/// <summary>
/// Starting a matter, the one way for the REST API and the UI: the published version, if this person may start it,
/// with start-form files they uploaded and no matter uses yet, which then belong to the new instance.
/// </summary>
public sealed class InstanceStarter(IWorkflowDefinitionSource definitions, WorkflowEngine engine, WorkflowsDbContext db)
{
    public async Task<StartResult> StartAsync(
        ClaimsPrincipal user, string definitionId, JsonObject input, string? correlationKey, CancellationToken cancellationToken)
    {
        var definition = await definitions.FindAsync(definitionId, null, cancellationToken);
        if (definition is null)
        {
            return new StartResult(StartRefusal.NotFound);
        }
        if (!InstancePermissions.MayStart(user, definition))
        {
            return new StartResult(StartRefusal.Forbidden);
        }
        var me = user.UserName();
        var files = FileInputs(definition, input).ToList();
        var problems = new Dictionary<string, string[]>();
        foreach (var (field, ids) in files)
        {
            var unusable = await db.UnusableAsync(ids, me, cancellationToken);
            if (unusable.Count > 0)
            {
                problems[field] = [$"no attachment {string.Join(", ", unusable)} uploaded by you and not yet used: upload the file first"];
            }
        }
        if (problems.Count > 0)
        {
            return new StartResult(StartRefusal.InvalidFiles) { FileProblems = problems };
        }
        var instance = await engine.StartAsync(new StartWorkflow(definition.DefinitionId)
        {
            Version = definition.Version,
            Input = input,
            Actor = me,
            CorrelationKey = correlationKey,
        }, cancellationToken);
        await db.LinkAsync([.. files.SelectMany(f => f.Ids)], instance.Id, cancellationToken);
        return new StartResult(null) { Instance = instance };
    }

    private static IEnumerable<(string Field, List<string> Ids)> FileInputs(WorkflowDefinition definition, JsonObject input) =>
        definition.Inputs.Where(f => f.Type == FieldTypes.File && input[f.Name] is not null)
            .Select(f => (f.Name, input[f.Name] switch
            {
                JsonArray array => array.Select(n => n?.ToString() ?? "").ToList(),
                var single => [single!.ToString()],
            }));
}

public enum StartRefusal
{
    NotFound,
    Forbidden,
    InvalidFiles,
}

/// <summary>The started instance, or why not; <see cref="FileProblems"/> names each start-form file field that was refused.</summary>
public sealed record StartResult(StartRefusal? Refusal)
{
    public WorkflowInstance? Instance { get; init; }

    public IReadOnlyDictionary<string, string[]> FileProblems { get; init; } = new Dictionary<string, string[]>();
}
