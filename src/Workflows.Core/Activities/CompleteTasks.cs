using System.Text.Json.Nodes;
using Workflows.Core.Runtime;

namespace Workflows.Core.Activities;

/// <summary>
/// 合并办理: completes the open task at one step of other running matters with this matter's decision (e.g. one 销案
/// reply closing several listed cases). Each completion is delivered after the commit, as the person who chose the
/// matters, who must still be allowed to act there; each matter's journal records which matter completed it.
/// </summary>
[Activity("CompleteTasks", DisplayName = "合并办理 Complete other matters' tasks", Category = "People",
    Description = "Completes the waiting task of other matters with an automatic outcome.")]
public sealed class CompleteTasks : Activity
{
    public static readonly ActivityInput<JsonNode> Matters = new("matters", required: true,
        description: "The other matters: ids, or the { id } objects a 'matters' form field holds.");
    public static readonly ActivityInput<string> Step = new("activity", required: true, description: "The id of the step whose open task is completed in each matter.");
    public static readonly ActivityInput<string> Outcome = new("outcome", required: true, description: "The outcome chosen there (usually one marked automatic).");
    public static readonly ActivityInput<string> Comment = new("comment");
    public static readonly ActivityInput<string> Actor = new("actor", description: "Who acts there; the last task's actor when empty.");

    public override ActivityResult Execute(ActivityContext context)
    {
        var ids = Ids(context.Evaluate(Matters.Name)).Distinct(StringComparer.Ordinal).ToList();
        var actor = context.Get(Actor) is { Length: > 0 } named ? named : context.Instance.LastTask?["actor"]?.GetValue<string>();
        foreach (var id in ids)
        {
            context.RecordSideEffect(SideEffectKinds.TaskCompletion, new JsonObject
            {
                ["instanceId"] = id,
                [Step.Name] = context.Get(Step),
                [Outcome.Name] = context.Get(Outcome),
                [Comment.Name] = context.Get(Comment),
                [Actor.Name] = actor,
            });
        }
        if (ids.Count > 0)
        {
            context.Journal(JournalEvents.OtherMattersCompleted, context.Get(Comment),
                new JsonObject { ["matters"] = new JsonArray([.. ids.Select(i => (JsonNode)i)]), [Step.Name] = context.Get(Step), [Outcome.Name] = context.Get(Outcome) });
        }
        return ActivityResult.Done();
    }

    private static IEnumerable<string> Ids(JsonNode? value) => value switch
    {
        JsonArray list => list.SelectMany(Ids),
        JsonObject matter when matter["id"] is JsonValue id => [id.GetValue<string>()],
        JsonValue text when text.GetValueKind() == System.Text.Json.JsonValueKind.String => [text.GetValue<string>()],
        _ => [],
    };
}
