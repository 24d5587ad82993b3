using System.Text.Json.Nodes;
using Workflows.Core.Activities;
using Workflows.Core.Definitions;
using Workflows.Core.Runtime;
using Workflows.Core.Tasks;

namespace Workflows.Core.Migration;

/// <summary>
/// Moves a running matter to another version of its definition, whole or not at all. Every open piece of work (a
/// task, a timer, a signal wait, a Join's arrivals, a stopped token) must have a counterpart in the new version, by
/// the same id or through the activity map; otherwise the matter is refused with the reason and left as it was.
/// Tasks keep their people, claims, signatures and deadlines; the new version's due rules and alert settings are
/// taken over, and when the due rule changed the deadlines are worked out again from the task's creation. One
/// journal entry records the move; the store plans the timers again from the moved bookmarks.
/// </summary>
public sealed class InstanceMigrator(
    WorkflowEngine engine, IWorkflowDefinitionSource definitions, IWorkflowInstanceStore store, TaskDeadlineCalculator deadlines)
{
    private static readonly string[] TaskSettings = ["due", "remindBefore", "escalateTo", "escalateEvery", "cc"];

    /// <exception cref="WorkflowCommandException">No such instance or version, or the instance has ended.</exception>
    public async Task<MigrationReport> MigrateAsync(string instanceId, MigrateInstance command, string? actor, bool dryRun, CancellationToken cancellationToken)
    {
        var instance = await store.FindAsync(instanceId, cancellationToken)
            ?? throw new WorkflowCommandException(ErrorCodes.InstanceNotFound, $"no workflow instance '{instanceId}'");
        if (instance.Status is WorkflowStatus.Completed or WorkflowStatus.Cancelled)
        {
            throw new WorkflowCommandException(ErrorCodes.InstanceNotRunning, $"instance {instanceId} is {instance.Status}: only running matters move");
        }
        var target = await definitions.FindAsync(instance.DefinitionId, command.ToVersion, cancellationToken)
            ?? throw new WorkflowCommandException(ErrorCodes.DefinitionNotFound, $"definition '{instance.DefinitionId}' has no published version {command.ToVersion}");
        var fromVersion = instance.DefinitionVersion;
        if (fromVersion == command.ToVersion)
        {
            return new MigrationReport(instanceId, fromVersion, command.ToVersion, false, [], [$"the matter is already on version {fromVersion}"]);
        }
        var map = command.ActivityMap ?? new Dictionary<string, string>();
        var source = await definitions.FindAsync(instance.DefinitionId, fromVersion, cancellationToken);
        CheckMap(map, source, target);
        var flowchart = Flowchart.Of(target);
        var problems = Check(instance, flowchart, map, command.ToVersion);
        if (problems.Count > 0)
        {
            return new MigrationReport(instanceId, fromVersion, command.ToVersion, false, [], problems);
        }

        var (loadedVersion, loadedBookmarks) = (instance.Version, instance.Bookmarks.Select(b => b.Copy()).ToList());
        var burst = engine.NewBurst(instance, target, actor);
        var moves = new List<ActivityMove>();
        foreach (var bookmark in instance.Bookmarks)
        {
            var activity = flowchart.Find(Mapped(map, bookmark.ActivityId))!;
            var move = new ActivityMove(bookmark.Kind, bookmark.ActivityId, activity.Id, bookmark.Kind == BookmarkKinds.UserTask ? bookmark.Id : null, false, bookmark.DueAt);
            bookmark.ActivityId = activity.Id;
            if (bookmark.Kind == BookmarkKinds.UserTask)
            {
                try
                {
                    move = Retarget(new ActivityContext(burst, activity, null), bookmark, move);
                }
                catch (Exception ex) when (ex is not WorkflowCommandException)
                {
                    return new MigrationReport(instanceId, fromVersion, command.ToVersion, false, [],
                        [$"task at '{activity.Id}': the new version's settings cannot be evaluated: {ex.Message}"]);
                }
            }
            moves.Add(move);
        }
        foreach (var token in instance.PendingTokens.ToList())
        {
            var to = Mapped(map, token.ActivityId);
            moves.Add(new ActivityMove("Pending", token.ActivityId, to, null, false, null));
            instance.PendingTokens[instance.PendingTokens.IndexOf(token)] = new PendingToken(to, token.Via is null ? null : MappedKey(map, token.Via));
        }
        instance.JoinArrivals = instance.JoinArrivals.ToDictionary(j => Mapped(map, j.Key), j => j.Value.Select(k => MappedKey(map, k)).ToList());
        instance.DefinitionVersion = command.ToVersion;
        burst.Journal(MigrationEvents.InstanceMigrated, null, message: command.Reason, data: new JsonObject
        {
            ["fromVersion"] = fromVersion,
            ["toVersion"] = command.ToVersion,
            ["activityMap"] = new JsonObject([.. map.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))]),
            ["moves"] = new JsonArray([.. moves.Select(m => (JsonNode)new JsonObject { ["kind"] = m.Kind, ["from"] = m.From, ["to"] = m.To, ["deadlinesReplanned"] = m.DeadlinesReplanned })]),
        });
        if (!dryRun)
        {
            await store.CommitAsync(burst.ToBurst(loadedVersion, loadedBookmarks), cancellationToken);
        }
        return new MigrationReport(instanceId, fromVersion, command.ToVersion, !dryRun, moves, []);
    }

    /// <summary>The map's keys are steps of the instance's version, its values steps of the target version.</summary>
    /// <exception cref="WorkflowInputException">Naming each step that is not there.</exception>
    public static void CheckMap(IReadOnlyDictionary<string, string> map, WorkflowDefinition? source, WorkflowDefinition target)
    {
        var errors = new List<InputError>();
        foreach (var (oldId, newId) in map)
        {
            if (source is not null && source.Root.Activities.All(a => a.Id != oldId))
            {
                errors.Add(new InputError("activityMap", $"'{oldId}' is not a step of version {source.Version}"));
            }
            if (target.Root.Activities.All(a => a.Id != newId))
            {
                errors.Add(new InputError("activityMap", $"'{newId}' is not a step of version {target.Version}"));
            }
        }
        if (errors.Count > 0)
        {
            throw new WorkflowInputException(errors);
        }
    }

    /// <summary>Every reason the instance cannot move; empty when it can.</summary>
    private static List<string> Check(WorkflowInstance instance, Flowchart flowchart, IReadOnlyDictionary<string, string> map, int toVersion)
    {
        var problems = new List<string>();
        foreach (var (activityId, type) in instance.Bookmarks.Select(b => (b.ActivityId, (string?)b.ActivityType))
            .Concat(instance.PendingTokens.Select(t => (t.ActivityId, (string?)null))))
        {
            var to = Mapped(map, activityId);
            var counterpart = flowchart.Find(to);
            if (counterpart is null)
            {
                problems.Add(to == activityId
                    ? $"the matter waits at '{activityId}', which version {toVersion} does not have: map it to a step of version {toVersion} (activityMap)"
                    : $"the matter waits at '{activityId}', mapped to '{to}', which version {toVersion} does not have");
            }
            else if (type is not null && counterpart.Type != type)
            {
                problems.Add($"the matter waits at '{activityId}' ({type}); its counterpart '{to}' in version {toVersion} is a {counterpart.Type}");
            }
        }
        foreach (var (join, arrivals) in instance.JoinArrivals.Where(j => j.Value.Count > 0))
        {
            var inbound = flowchart.Find(Mapped(map, join)) is { } counterpart ? flowchart.InboundKeys(counterpart.Id) : [];
            foreach (var missing in arrivals.Select(k => MappedKey(map, k)).Where(k => !inbound.Contains(k)))
            {
                problems.Add($"Join '{join}' has had a branch arrive on '{missing}', which version {toVersion} does not have");
            }
        }
        return problems;
    }

    /// <summary>The task follows its new step: outcomes and alert settings from the new version; deadlines again only when the due rule changed.</summary>
    private ActivityMove Retarget(ActivityContext context, Bookmark bookmark, ActivityMove move)
    {
        var task = TaskState.Read(bookmark);
        var settings = new JsonObject();
        foreach (var name in TaskSettings)
        {
            settings[name] = context.Evaluate(name);
        }
        var replanned = !JsonNode.DeepEquals(settings["due"], task.Settings["due"]) || !JsonNode.DeepEquals(settings["remindBefore"], task.Settings["remindBefore"]);
        if (replanned)
        {
            task.Deadlines = deadlines.Compute(task.CreatedAt, settings["due"], settings["remindBefore"]);
            task.Alerts = new TaskAlerts { Escalations = task.Alerts.Escalations };
        }
        task.Settings = settings;
        if (context.Get(UserTask.Outcomes) is { Count: > 0 } outcomes)
        {
            task.Outcomes = outcomes;
        }
        bookmark.Payload = task.ToPayload();
        return move with { DeadlinesReplanned = replanned, DueAt = task.Deadlines.DueAt };
    }

    private static string Mapped(IReadOnlyDictionary<string, string> map, string activityId) => map.GetValueOrDefault(activityId, activityId);

    /// <summary>A connection key <c>source:port-&gt;target</c> with both ends mapped.</summary>
    private static string MappedKey(IReadOnlyDictionary<string, string> map, string key)
    {
        var colon = key.IndexOf(':');
        var arrow = key.LastIndexOf("->", StringComparison.Ordinal);
        if (colon < 0 || arrow < colon)
        {
            return key;
        }
        return $"{Mapped(map, key[..colon])}{key[colon..arrow]}->{Mapped(map, key[(arrow + 2)..])}";
    }
}
