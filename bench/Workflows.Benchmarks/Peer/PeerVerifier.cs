using WorkflowCore.Models;
using Workflows.Benchmarks.Harness;

namespace Workflows.Benchmarks.Peer;

/// <summary>Checks that the Workflow Core flows do what the benchmark claims, through the store it measures.</summary>
public static class PeerVerifier
{
    private const int Instances = 3;

    public static async Task<string> VerifyAsync(PeerFlowRun run)
    {
        await run.ResetAsync();
        return run.Flow == Flow.Sequence ? await SequenceAsync(run) : await ApprovalAsync(run);
    }

    private static async Task<string> SequenceAsync(PeerFlowRun run)
    {
        var instance = await run.Runner.RunWorkflowSync(SequenceWorkflow.WorkflowId, 1, new VariablesData(), null, PeerSettings.BatchTimeout);
        Check.That(instance.Status == WorkflowStatus.Complete, $"sequence ended {instance.Status}");
        var variables = ((VariablesData)instance.Data).Variables;
        for (var i = 1; i <= Ours.OurDefinitions.SequenceSteps; i++)
        {
            Check.That(variables.GetValueOrDefault($"v{i}") == i, $"variable v{i} is {variables.GetValueOrDefault($"v{i}")}");
        }
        var steps = instance.ExecutionPointers.Count(p => p.Status == PointerStatus.Complete);
        Check.That(steps == Ours.OurDefinitions.SequenceSteps, $"{steps} steps completed, expected 10");
        return $"completed on the synchronous runner, v1..v10 set, {steps} steps";
    }

    private static async Task<string> ApprovalAsync(PeerFlowRun run)
    {
        await run.RunAsync(Instances);
        foreach (var id in run.StartedIds)
        {
            var instance = await run.Store.GetWorkflowInstance(id);
            Check.That(instance.Status == WorkflowStatus.Complete, $"approval {id} ended {instance.Status}");
            Check.That(((ApprovalData)instance.Data).LastOutcome == "approve", "the events' outcome did not reach the data");
            foreach (var name in ApprovalWorkflow.EventNames)
            {
                var waits = instance.ExecutionPointers.Where(p => p.EventName == name).ToList();
                Check.That(waits.Count == 1 && waits[0].EventPublished && waits[0].Status == PointerStatus.Complete, $"wait {name} of {id} not completed by its event");
                var events = (await run.Store.GetEvents(name, id, DateTime.MinValue)).ToList();
                Check.That(events.Count == 1, $"{events.Count} '{name}' events stored for {id}, expected exactly one");
            }
        }
        return $"{Instances} concurrent instances each waited on evt-a, evt-b, evt-c in turn, one event per wait, completed";
    }
}
