using Microsoft.EntityFrameworkCore;
using Workflows.Core.Definitions;
using Workflows.Core.Runtime;
using Workflows.Core.Tasks;
using Workflows.Persistence;

namespace Workflows.Cli.Seeding;

/// <summary>
/// How far a matter should get: to its end, or only <see cref="Steps"/> task completions (then left open). Its random
/// numbers go on from those that made the plan, so what it is and how it goes are independent draws.
/// </summary>
public sealed record MatterPlan(int Number, DateTimeOffset StartAt, bool Finish, int Steps, Random Random);

/// <summary>
/// Drives one matter through the engine as its people and the scheduler would, in the matter's own time: started with
/// its files uploaded, then step after step someone acts on an open task a while later; timers that fall due in
/// between fire first (催办, 督办, a Delay's wake-up), as the scheduler fires them. Stops at the end, at the planned
/// number of steps, or when the next step would lie in the future.
/// </summary>
public sealed class MatterDriver(
    WorkflowEngine engine, IWorkflowDefinitionSource definitions, IDbContextFactory<WorkflowsDbContext> contexts,
    TaskAnswers answers, MatterClock clock, SeedOrganisation organisation, WriteTurns turns)
{
    /// <summary>A matter going round (补正, 修改) more often than this is left where it is.</summary>
    private const int MaxSteps = 60;

    /// <summary>A guard, far above what the shipped procedures' repeat limits allow between two steps.</summary>
    private const int MaxTimersAtOnce = 200;

    /// <param name="horizon">The real now: nothing is done after it.</param>
    public async Task<WorkflowInstance> DriveAsync(MatterPlan plan, DateTimeOffset horizon, CancellationToken cancellationToken)
    {
        var random = plan.Random;
        clock.Now = plan.StartAt;
        var instance = await StartAsync(plan, random, cancellationToken);
        for (var steps = 0; instance.Status == WorkflowStatus.Running && steps < MaxSteps && (plan.Finish || steps < plan.Steps);)
        {
            var at = clock.Now + ThinkingTime(random);
            if (at > horizon)
            {
                break;
            }
            clock.Now = at;
            instance = await FireDueTimersAsync(instance, cancellationToken);
            if (instance.Status != WorkflowStatus.Running)
            {
                break;
            }
            var tasks = instance.Bookmarks.Where(b => b.Kind == BookmarkKinds.UserTask).ToList();
            if (tasks.Count == 0)
            {
                // Only a timer holds the matter (a 整改期限 running out): the next thing that happens is its wake-up.
                if (instance.Bookmarks.Where(b => b.Kind == BookmarkKinds.Timer).Min(b => b.DueAt) is not { } wake || wake > horizon)
                {
                    break;
                }
                clock.Now = wake;
                continue;
            }
            var bookmark = MatterInputs.OneOf(random, tasks);
            var files = new UploadedFiles();
            if (answers.Answer(TaskState.Read(bookmark), random, files, instance.Id, at) is not { } answer)
            {
                break;
            }
            await SaveAsync(files, cancellationToken);
            instance = await engine.ResumeAsync(instance.Id, bookmark.Id, answer.Request, cancellationToken);
            steps++;
        }
        if (instance.Status == WorkflowStatus.Running)
        {
            // Left open: the scheduler has fired whatever fell due since (催办, 督办, a deadline passing).
            clock.Now = horizon;
            instance = await FireDueTimersAsync(instance, cancellationToken);
        }
        return instance;
    }

    private async Task<WorkflowInstance> StartAsync(MatterPlan plan, Random random, CancellationToken cancellationToken)
    {
        var start = MatterInputs.For(MatterInputs.Pick(random), organisation, random, plan.StartAt, plan.Number);
        var definition = await definitions.FindAsync(start.DefinitionId, null, cancellationToken)
            ?? throw new InvalidOperationException($"procedure '{start.DefinitionId}' is not published: is it in the definitions folder?");
        var instanceId = Guid.NewGuid().ToString("N");
        var files = new UploadedFiles();
        foreach (var field in definition.Inputs.Where(i => i.Type == FieldTypes.File))
        {
            start.Input[field.Name] = files.Upload(field.Label ?? field.Name, start.Starter.UserName, instanceId, plan.StartAt);
        }
        await SaveAsync(files, cancellationToken);
        return await engine.StartAsync(new StartWorkflow(definition.DefinitionId)
        {
            Version = definition.Version,
            Input = start.Input,
            Actor = start.Starter.UserName,
            InstanceId = instanceId,
        }, cancellationToken);
    }

    /// <summary>Every timer of the open bookmarks due by now, earliest first, each in its own burst as the scheduler runs them.</summary>
    private async Task<WorkflowInstance> FireDueTimersAsync(WorkflowInstance instance, CancellationToken cancellationToken)
    {
        for (var fired = 0; fired < MaxTimersAtOnce && instance.Status == WorkflowStatus.Running
            && instance.Bookmarks.SelectMany(TaskTimers.Plan).Where(t => t.DueAt <= clock.Now).MinBy(t => t.DueAt) is { } due; fired++)
        {
            instance = await engine.ResumeAsync(instance.Id, due.BookmarkId, TaskTimers.Request(due.Id, due.Action), cancellationToken);
        }
        return instance;
    }

    private async Task SaveAsync(UploadedFiles files, CancellationToken cancellationToken)
    {
        var uploaded = files.Take();
        if (uploaded.Count == 0)
        {
            return;
        }
        await turns.WriteAsync(async () =>
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            db.Attachments.AddRange(uploaded);
            await db.SaveChangesAsync(cancellationToken);
        }, cancellationToken);
    }

    /// <summary>
    /// How long until someone acts: mostly within a working day or two, now and then a week or more (the overdue
    /// tasks of a real office).
    /// </summary>
    private static TimeSpan ThinkingTime(Random random) => random.NextDouble() switch
    {
        < 0.55 => TimeSpan.FromHours(1 + random.NextDouble() * 20),
        < 0.9 => TimeSpan.FromDays(1 + random.NextDouble() * 3),
        _ => TimeSpan.FromDays(4 + random.NextDouble() * 10),
    };
}
