using System.Text.Json.Nodes;
using Workflows.Core.Activities;
using Workflows.Core.Definitions;
using Workflows.Core.Runtime;
using Workflows.Core.Tasks;

namespace Workflows.Cli.Seeding;

/// <summary>A person's answer to an open task: who, and the request the task endpoint would pass to the engine.</summary>
public sealed record TaskAnswer(string Actor, ResumeRequest Request);

/// <summary>
/// How people answer tasks: someone the task is before (or offered to) acts; mostly the first outcome, which moves the
/// matter forward, sometimes another (退回, 不同意, 补正), with the reason such an outcome requires; the form's required
/// fields filled in. Signers of a 会签 rarely object, as in practice.
/// </summary>
public sealed class TaskAnswers(AssigneeResolver assignees)
{
    private const double ForwardShare = 0.85;
    private const double CountersignForwardShare = 0.96;

    private static readonly string[] Reasons = ["材料不全，请补正后重新报送", "第三条表述不准确，请修改", "依据不充分，请补充说明", "不符合相关规定，请研究后再报"];
    private static readonly string[] Remarks = ["同意", "已阅，同意", "拟同意，请审批", "已按要求办理"];

    /// <returns>Null when nobody could act on the task (a role without holders).</returns>
    public TaskAnswer? Answer(TaskState task, Random random, UploadedFiles files, string instanceId, DateTimeOffset at)
    {
        IReadOnlyList<string> people = task.IsClaimed ? [.. task.ActiveSigners.Select(s => s.UserName)] : assignees.People(task.Candidates);
        if (people.Count == 0)
        {
            return null;
        }
        var actor = MatterInputs.OneOf(random, people);
        var offered = task.Outcomes.Where(o => !o.Automatic).ToList();
        var forward = task.Mode is TaskModes.All or TaskModes.Sequential ? CountersignForwardShare : ForwardShare;
        var outcome = offered.Count == 1 || random.NextDouble() < forward ? offered[0] : offered[random.Next(1, offered.Count)];
        var comment = outcome.RequiresComment ? MatterInputs.OneOf(random, Reasons)
            : random.NextDouble() < 0.3 ? MatterInputs.OneOf(random, Remarks)
            : null;
        return new TaskAnswer(actor, new ResumeRequest
        {
            Outcome = outcome.Name,
            Comment = comment,
            Actor = actor,
            Data = FormData(task, outcome, random, () => files.Upload(task.Title, actor, instanceId, at), at),
        });
    }

    /// <summary>The fields the chosen outcome requires; optional ones are left empty as most people leave them.</summary>
    private static JsonObject FormData(TaskState task, TaskOutcome outcome, Random random, Func<string> upload, DateTimeOffset at)
    {
        var data = new JsonObject();
        foreach (var field in task.Form?.Fields ?? [])
        {
            if (!field.Required && field.RequiredFor?.Contains(outcome.Name) != true)
            {
                continue;
            }
            JsonNode? value = field.Type switch
            {
                FieldTypes.Text or FieldTypes.Textarea => $"{field.Label ?? field.Name}：已按要求落实",
                FieldTypes.Date => MatterInputs.Date(at.AddDays(random.Next(15, 45))),
                FieldTypes.Number => random.Next(1, 10),
                FieldTypes.Checkbox => true,
                FieldTypes.File => upload(),
                _ => null,
            };
            if (value is not null)
            {
                data[field.Name] = value;
            }
        }
        return data;
    }
}
