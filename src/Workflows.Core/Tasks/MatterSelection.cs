using System.Text.Json.Nodes;
using Workflows.Core.Definitions;
using Workflows.Core.Runtime;

namespace Workflows.Core.Tasks;

/// <summary>
/// Checks a task form's <see cref="FieldTypes.Matters"/> fields (合并办理: one request for several matters): each chosen
/// matter is another running matter of the same procedure, waiting at the field's step, and the person completing the
/// form may act on that step there. The value becomes the list of <c>{ id, title, input }</c> so later steps (the joint
/// reply) can name every matter.
/// </summary>
public sealed class MatterSelection(IWorkflowInstanceStore store, AssigneeResolver assignees)
{
    /// <exception cref="WorkflowInputException">A chosen matter does not qualify; nothing is changed.</exception>
    public void Check(WorkflowInstance instance, IReadOnlyList<InputDefinition> fields, JsonObject data, string? actor)
    {
        var errors = new List<InputError>();
        foreach (var field in fields.Where(f => f.Type == FieldTypes.Matters && data[f.Name] is not null))
        {
            var chosen = new JsonArray();
            foreach (var id in Ids(data[field.Name]!).Distinct(StringComparer.Ordinal))
            {
                if (Problem(instance, field, id, actor, out var matter) is { } problem)
                {
                    errors.Add(new InputError(field.Name, problem));
                    continue;
                }
                chosen.Add(new JsonObject { ["id"] = matter!.Id, ["title"] = Notifications.EmailNotices.MatterTitle(matter), ["input"] = matter.Input.DeepClone() });
            }
            data[field.Name] = chosen;
        }
        if (errors.Count > 0)
        {
            throw new WorkflowInputException(errors);
        }
    }

    private string? Problem(WorkflowInstance instance, InputDefinition field, string id, string? actor, out WorkflowInstance? matter)
    {
        // The store opens its own connection per read, so reading another matter inside this burst is safe; bursts are synchronous.
        matter = id == instance.Id ? null : store.FindAsync(id, CancellationToken.None).GetAwaiter().GetResult();
        if (matter is null || matter.DefinitionId != instance.DefinitionId)
        {
            return $"matter '{id}' is not another matter of this procedure";
        }
        if (matter.Status != WorkflowStatus.Running)
        {
            return $"matter '{id}' is {matter.Status}, not running";
        }
        var waiting = matter.Bookmarks.FirstOrDefault(b => b.Kind == BookmarkKinds.UserTask && b.ActivityId == field.WaitingAt);
        if (waiting is null)
        {
            return $"matter '{id}' is not waiting at step '{field.WaitingAt}'";
        }
        var task = TaskState.Read(waiting);
        var mayAct = actor is not null && (task.ActiveSigner(actor) is not null || (!task.IsClaimed && assignees.IsCandidate(actor, task)));
        return mayAct ? null : $"{actor ?? "the system"} may not act on step '{field.WaitingAt}' of matter '{id}'";
    }

    private static IEnumerable<string> Ids(JsonNode value) => value switch
    {
        JsonArray list => list.Select(v => v!.GetValue<string>()),
        _ => [value.GetValue<string>()],
    };
}
