using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace Workflows.Benchmarks.Peer;

/// <summary>Instance data of the sequence: the variables the steps set, like our instance's variables.</summary>
public sealed class VariablesData
{
    public Dictionary<string, int> Variables { get; } = [];
}

/// <summary>Instance data of the approval: the outcome of the last wait, like our instance's lastTask.</summary>
public sealed class ApprovalData
{
    public string? LastOutcome { get; set; }
}

/// <summary>The Workflow Core counterpart of SetVariable with a literal value: one dictionary write.</summary>
public sealed class SetVariableStep : StepBody
{
    public string Name { get; set; } = "";
    public int Value { get; set; }

    public override ExecutionResult Run(IStepExecutionContext context)
    {
        ((VariablesData)context.Workflow.Data).Variables[Name] = Value;
        return ExecutionResult.Next();
    }
}

/// <summary>Stands in for our Start and End activities in the approval, which Workflow Core has no built-in for.</summary>
public sealed class NoopStep : StepBody
{
    public override ExecutionResult Run(IStepExecutionContext context) => ExecutionResult.Next();
}

/// <summary>Ten SetVariable steps in a row. Workflow Core needs no Start/End steps, so it runs 10 steps to our 12 activities.</summary>
public sealed class SequenceWorkflow : IWorkflow<VariablesData>
{
    public const string WorkflowId = "bench-sequence";

    public string Id => WorkflowId;
    public int Version => 1;

    public void Build(IWorkflowBuilder<VariablesData> builder)
    {
        var step = builder.StartWith<SetVariableStep>(s => s.Input((body, _) => Set(body, 1)));
        for (var i = 2; i <= Ours.OurDefinitions.SequenceSteps; i++)
        {
            var index = i;
            step = step.Then<SetVariableStep>(s => s.Input((body, _) => Set(body, index)));
        }
    }

    // An Action input is Workflow Core's cheapest input mapping (no expression compilation per step).
    private static void Set(SetVariableStep body, int index)
    {
        body.Name = VariableNames[index];
        body.Value = index;
    }

    private static readonly string[] VariableNames = [.. Enumerable.Range(0, Ours.OurDefinitions.SequenceSteps + 1).Select(i => $"v{i}")];
}

/// <summary>
/// Begin → WaitFor evt-a → WaitFor evt-b → WaitFor evt-c → Finish, keyed by the instance id. The three waits have
/// distinct event names on purpose: Workflow Core subscribes "as of" the beginning of time by default, so a stored
/// "approve" event would also satisfy every later WaitFor of the same name and skip the following waits.
/// </summary>
public sealed class ApprovalWorkflow : IWorkflow<ApprovalData>
{
    public const string WorkflowId = "bench-approval";
    public static readonly string[] EventNames = ["evt-a", "evt-b", "evt-c"];

    public string Id => WorkflowId;
    public int Version => 1;

    public void Build(IWorkflowBuilder<ApprovalData> builder)
    {
        IStepBuilder<ApprovalData, NoopStep> begin = builder.StartWith<NoopStep>(s => s.Name("begin"));
        var wait = begin.WaitFor(EventNames[0], (_, context) => context.Workflow.Id).Name(EventNames[0]).Output(KeepOutcome);
        wait = wait.WaitFor(EventNames[1], (_, context) => context.Workflow.Id).Name(EventNames[1]).Output(KeepOutcome);
        wait = wait.WaitFor(EventNames[2], (_, context) => context.Workflow.Id).Name(EventNames[2]).Output(KeepOutcome);
        wait.Then<NoopStep>(s => s.Name("finish"));
    }

    private static void KeepOutcome(WorkflowCore.Primitives.WaitFor step, ApprovalData data) => data.LastOutcome = (string?)step.EventData;
}
