using System.Text.Json.Nodes;
using Workflows.Core.Activities;
using Workflows.Core.Calendar;
using Workflows.Core.Definitions;
using Workflows.Core.Expressions;
using Workflows.Core.Notifications;
using Workflows.Core.Organisation;
using Workflows.Core.Runtime;
using Workflows.Core.Tasks;
using Workflows.Persistence.Instances;
using Workflows.Scheduling.Email;

namespace Workflows.Server.Simulation;

/// <summary>
/// 试运行: runs a definition with the real engine, activities, calendar, organisation, assignee resolution and
/// e-mail templates, on a clock of its own and an in-memory store that is thrown away. Scripted steps are taken when
/// their task is open, the given number of working days after it appeared; timers (reminders, escalations, delays)
/// fire at their simulated times in between, and, with <c>untilIdle</c>, until none is left. Nothing is stored, sent
/// or numbered: e-mails are composed to show their subject and addresses, documents are listed by title.
/// </summary>
public sealed class DefinitionSimulator(
    ActivityRegistry activities, IExpressionEvaluator expressions, WorkflowEngineOptions options, EmailNotices notices,
    AssigneeResolver assignees, DeadlineCalculator calendar, EmailComposer emails, TimeProvider time, IOrganisationDirectory organisation,
    MatterTitles titles)
{
    /// <summary>More timer firings than this is a procedure that never settles (escalations are capped, so it is a loop).</summary>
    public const int MaxSteps = 500;

    public async Task<SimulationResult> RunAsync(WorkflowDefinition definition, SimulateRequest request, string actor, CancellationToken cancellationToken)
    {
        var clock = new SimulatedClock(request.StartAt ?? time.GetUtcNow());
        var store = new InMemoryWorkflowInstanceStore();
        using var metrics = new WorkflowMetrics();
        var engine = new WorkflowEngine(activities, new OneDefinition(definition), store, expressions, clock, options, metrics, notices, organisation, titles);
        var run = new Run(assignees, emails, definition, store, clock);

        var instance = await engine.StartAsync(new StartWorkflow(definition.DefinitionId)
        {
            Version = definition.Version,
            Input = request.Input,
            Actor = request.StartedBy ?? actor,
            InstanceId = $"simulation-{Guid.NewGuid():N}",
        }, cancellationToken);
        await run.CollectAsync(instance, cancellationToken);
        var actions = new Queue<SimulatedAction>(request.Actions ?? []);
        for (var steps = 0; instance.Status == WorkflowStatus.Running; steps++)
        {
            if (steps > MaxSteps)
            {
                run.Problems.Add($"stopped after {MaxSteps} steps: the procedure does not settle");
                break;
            }
            var timer = instance.Bookmarks.SelectMany(TaskTimers.Plan).MinBy(t => t.DueAt);
            if (actions.TryPeek(out var next))
            {
                var task = instance.Bookmarks.FirstOrDefault(b => b.Kind == BookmarkKinds.UserTask && b.ActivityId == next.ActivityId);
                var actAt = task is null ? (DateTimeOffset?)null : Later(clock.GetUtcNow(), calendar.AddWorkingDays(task.CreatedAt, Math.Max(0, next.AfterWorkingDays ?? 0)).At);
                if (timer is not null && (actAt is null || timer.DueAt <= actAt))
                {
                    instance = await run.FireAsync(engine, instance, timer, cancellationToken);
                    continue;
                }
                if (task is null)
                {
                    run.Problems.Add($"step '{next.ActivityId}' ({next.Outcome}) was not taken: the matter waits at {string.Join(", ", instance.ActiveActivityIds.DefaultIfEmpty("nothing"))}");
                    break;
                }
                actions.Dequeue();
                clock.MoveTo(actAt!.Value);
                try
                {
                    instance = await engine.ResumeAsync(instance.Id, task.Id, new ResumeRequest
                    {
                        Outcome = next.Outcome,
                        Comment = next.Comment,
                        Data = next.Data,
                        Actor = next.Actor ?? WhoActs(TaskState.Read(task)),
                    }, cancellationToken);
                }
                catch (WorkflowCommandException ex)
                {
                    run.Problems.Add($"step '{next.ActivityId}' ({next.Outcome}): {ex.Message}");
                    break;
                }
                await run.CollectAsync(instance, cancellationToken);
                continue;
            }
            if (!request.UntilIdle || timer is null)
            {
                break;
            }
            instance = await run.FireAsync(engine, instance, timer, cancellationToken);
        }
        foreach (var skipped in actions)
        {
            run.Problems.Add($"step '{skipped.ActivityId}' ({skipped.Outcome}) was not reached");
        }
        run.Problems.AddRange(instance.Incidents.Select(i => $"fault at '{i.ActivityId}': {i.Message}"));
        var waiting = instance.Bookmarks.Where(b => b.Kind == BookmarkKinds.UserTask).Select(b => b.ActivityId).Distinct().ToList();
        return new SimulationResult(definition.Version ?? 0, instance.Status.ToString(), instance.Result?.DeepClone(), run.Timeline, run.Problems, waiting);
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// <summary>The first person due; for a task offered to roles or departments, the first of their members (who would claim it).</summary>
    private string? WhoActs(TaskState task) => task.IsClaimed
        ? task.ActiveSigners.FirstOrDefault()?.UserName
        : assignees.People(task.Candidates).FirstOrDefault();

    /// <summary>What one simulation has seen so far: the timeline built from the journal and the side effects, and the problems.</summary>
    private sealed class Run(AssigneeResolver assignees, EmailComposer emails, WorkflowDefinition definition, InMemoryWorkflowInstanceStore store, SimulatedClock clock)
    {
        private int _journalSeen;
        private int _effectsSeen;

        public List<TimelineEntry> Timeline { get; } = [];
        public List<string> Problems { get; } = [];

        public async Task<WorkflowInstance> FireAsync(WorkflowEngine engine, WorkflowInstance instance, PlannedTimer timer, CancellationToken cancellationToken)
        {
            clock.MoveTo(timer.DueAt);
            var after = await engine.ResumeAsync(instance.Id, timer.BookmarkId, TaskTimers.Request(timer.Id, timer.Action), cancellationToken);
            await CollectAsync(after, cancellationToken);
            return after;
        }

        public async Task CollectAsync(WorkflowInstance instance, CancellationToken cancellationToken)
        {
            var journal = (await store.GetJournalAsync(instance.Id, cancellationToken)).Skip(_journalSeen).ToList();
            var effects = (await store.GetSideEffectsAsync(instance.Id, cancellationToken)).Skip(_effectsSeen).ToList();
            (_journalSeen, _effectsSeen) = (_journalSeen + journal.Count, _effectsSeen + effects.Count);
            var entries = journal.Select(e => Entry(instance, e)).ToList();
            foreach (var effect in effects)
            {
                var index = entries.FindLastIndex(e => e.ActivityId == effect.ActivityId);
                if (index < 0)
                {
                    entries.Add(new TimelineEntry(effect.CreatedAt, effect.ActivityId, effect.Kind, null, null, null, [], null, null, [], []));
                    index = entries.Count - 1;
                }
                entries[index] = await WithAsync(entries[index], effect, cancellationToken);
            }
            Timeline.AddRange(entries);
        }

        private TimelineEntry Entry(WorkflowInstance instance, JournalEntry entry)
        {
            var bookmarkId = entry.Data?["bookmarkId"]?.GetValue<string>();
            var task = entry.Event == JournalEvents.ActivitySuspended
                ? instance.Bookmarks.FirstOrDefault(b => b.Id == bookmarkId && b.Kind == BookmarkKinds.UserTask)
                : null;
            var state = task is null ? null : TaskState.Read(task);
            IReadOnlyList<string> people = state is null ? []
                : state.IsClaimed ? [.. state.ActiveSigners.Select(s => s.UserName)]
                : assignees.People(state.Candidates);
            return new TimelineEntry(entry.At, entry.ActivityId, entry.Event, entry.Outcome, entry.Actor, entry.Message, people,
                state?.Deadlines.DueAt, state?.Deadlines.HardDueAt, [], []);
        }

        private async Task<TimelineEntry> WithAsync(TimelineEntry entry, SideEffect effect, CancellationToken cancellationToken)
        {
            switch (effect.Kind)
            {
                case SideEffectKinds.Email:
                    return entry with { Emails = [.. entry.Emails, await EmailAsync(effect, cancellationToken)] };
                case SideEffectKinds.Document:
                    var title = effect.Payload["title"]?.ToString() is { Length: > 0 } given ? given : effect.Payload["template"]?.ToString() ?? effect.ActivityId;
                    return entry with { Documents = [.. entry.Documents, new SimulatedDocument(title, null)] };
                default:
                    var copied = effect.Payload["users"] is JsonArray users ? users.Select(u => u?.ToString()).OfType<string>() : [];
                    return entry with { Assignees = [.. entry.Assignees, .. copied] };
            }
        }

        private async Task<SimulatedEmail> EmailAsync(SideEffect effect, CancellationToken cancellationToken)
        {
            var kind = effect.Payload["template"]?.ToString() ?? "email";
            var message = new OutboxMessage
            {
                Id = effect.Id,
                InstanceId = effect.InstanceId,
                ActivityId = effect.ActivityId,
                Kind = effect.Kind,
                Payload = effect.Payload.ToJsonString(InstanceJson.Options),
                CreatedAt = effect.CreatedAt,
            };
            try
            {
                var composed = await emails.ComposeAsync(message, definition.Name, cancellationToken);
                return new SimulatedEmail(kind, [.. composed.To.Mailboxes.Concat(composed.Cc.Mailboxes).Select(m => m.Address)], composed.Subject ?? "");
            }
            catch (UndeliverableEmailException ex)
            {
                Problems.Add($"{effect.CreatedAt:yyyy-MM-dd HH:mm} UTC, '{effect.ActivityId}': the {kind} e-mail could not go out: {ex.Message}");
                return new SimulatedEmail(kind, [], "");
            }
        }
    }

    /// <summary>The one definition a simulation runs, whatever version the engine asks for.</summary>
    private sealed class OneDefinition(WorkflowDefinition definition) : IWorkflowDefinitionSource
    {
        public Task<WorkflowDefinition?> FindAsync(string definitionId, int? version, CancellationToken cancellationToken) =>
            Task.FromResult<WorkflowDefinition?>(definitionId == definition.DefinitionId ? definition : null);
    }
}
