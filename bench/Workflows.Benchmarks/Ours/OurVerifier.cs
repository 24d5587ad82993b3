using Workflows.Benchmarks.Harness;
using Workflows.Core.Runtime;

namespace Workflows.Benchmarks.Ours;

/// <summary>Checks that our flows do what the benchmark claims, through the same engine and store it measures.</summary>
public static class OurVerifier
{
    public static async Task<string> VerifyAsync(OurFlowRun run)
    {
        await run.ResetAsync();
        return run.Flow == Flow.Sequence ? await SequenceAsync(run) : await ApprovalAsync(run);
    }

    private static async Task<string> SequenceAsync(OurFlowRun run)
    {
        var instance = await run.Runtime.StartAsync(new StartWorkflow(OurDefinitions.SequenceId) { Actor = "bench" });
        Check.That(instance.Status == WorkflowStatus.Completed, $"sequence ended {instance.Status}");
        for (var i = 1; i <= OurDefinitions.SequenceSteps; i++)
        {
            Check.That(instance.Variables[$"v{i}"]?.GetValue<int>() == i, $"variable v{i} is {instance.Variables[$"v{i}"]}");
        }
        var journal = await run.Store.GetJournalAsync(instance.Id, default);
        var executed = journal.Count(e => e.Event == JournalEvents.ActivityExecuted);
        Check.That(executed == OurDefinitions.SequenceSteps + 2, $"{executed} activities executed, expected Start + 10 + End");
        return $"completed in one burst, v1..v10 set, {executed} activities and {journal.Count} journal entries";
    }

    private static async Task<string> ApprovalAsync(OurFlowRun run)
    {
        var approve = new ResumeRequest { Outcome = OurDefinitions.ApproveOutcome, Actor = OurDefinitions.Reviewer };
        var instance = await run.Runtime.StartAsync(new StartWorkflow(OurDefinitions.ApprovalId) { Actor = "bench" });
        foreach (var task in OurDefinitions.ApprovalTasks)
        {
            Check.That(instance.Status == WorkflowStatus.Running && instance.Bookmarks.Count == 1 && instance.Bookmarks[0].ActivityId == task,
                $"expected to wait on task {task} alone, waits on [{string.Join(", ", instance.Bookmarks.Select(b => b.ActivityId))}]");
            instance = await run.Runtime.ResumeAsync(instance.Id, instance.Bookmarks[0].Id, approve);
        }
        Check.That(instance.Status == WorkflowStatus.Completed, $"approval ended {instance.Status}");
        Check.That(instance.LastTask?["outcome"]?.GetValue<string>() == OurDefinitions.ApproveOutcome, "last task outcome not recorded");
        var journal = await run.Store.GetJournalAsync(instance.Id, default);
        var resumed = journal.Count(e => e.Event == JournalEvents.ActivityResumed);
        Check.That(resumed == 3, $"{resumed} resumes journaled, expected 3");
        return $"waited on a, b, c in turn, one resume each, completed; {journal.Count} journal entries";
    }
}
