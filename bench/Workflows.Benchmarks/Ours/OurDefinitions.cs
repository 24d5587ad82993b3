using System.Text.Json.Nodes;
using Workflows.Core.Definitions;

namespace Workflows.Benchmarks.Ours;

/// <summary>The two benchmark flows as this engine's definitions, built the way a designer would save them.</summary>
public static class OurDefinitions
{
    public const string SequenceId = "bench-sequence";
    public const string ApprovalId = "bench-approval";
    public const string StartEndId = "bench-start-end";
    public const int SequenceSteps = 10;
    public static readonly string[] ApprovalTasks = ["a", "b", "c"];
    public const string ApproveOutcome = "approve";

    /// <summary>Tasks go to a named user: that needs no organisation directory, and the same user completes them.</summary>
    public const string Reviewer = "reviewer";

    /// <summary>Start → 10 SetVariable (Literal values) → End: completes in a single burst.</summary>
    public static WorkflowDefinition Sequence()
    {
        var definition = New(SequenceId);
        Add(definition, "start", "Start");
        var previous = "start";
        for (var i = 1; i <= SequenceSteps; i++)
        {
            var id = $"set{i}";
            Add(definition, id, "SetVariable",
                ("variable", ExpressionDefinition.Literal($"v{i}")),
                ("value", ExpressionDefinition.Literal(i)));
            Connect(definition, previous, id, "Done");
            previous = id;
        }
        Add(definition, "end", "End", ("result", ExpressionDefinition.Literal("done")));
        Connect(definition, previous, "end", "Done");
        return definition;
    }

    /// <summary>Start → End: what an instance costs before any activity of its own (the breakdown mode).</summary>
    public static WorkflowDefinition StartEnd()
    {
        var definition = New(StartEndId);
        Add(definition, "start", "Start");
        Add(definition, "end", "End", ("result", ExpressionDefinition.Literal("done")));
        Connect(definition, "start", "end", "Done");
        return definition;
    }

    /// <summary>Start → UserTask a → UserTask b → UserTask c → End; each task waits for a person's outcome.</summary>
    public static WorkflowDefinition Approval()
    {
        var definition = New(ApprovalId);
        Add(definition, "start", "Start");
        var previous = "start";
        var port = "Done";
        foreach (var task in ApprovalTasks)
        {
            Add(definition, task, "UserTask",
                ("title", ExpressionDefinition.Literal($"review {task}")),
                ("assignTo", ExpressionDefinition.Literal(new JsonObject { ["users"] = new JsonArray(Reviewer) })),
                ("outcomes", ExpressionDefinition.Literal(new JsonArray(new JsonObject { ["name"] = ApproveOutcome }))));
            Connect(definition, previous, task, port);
            previous = task;
            port = ApproveOutcome;
        }
        Add(definition, "end", "End", ("result", ExpressionDefinition.Literal("approved")));
        Connect(definition, previous, "end", port);
        return definition;
    }

    private static WorkflowDefinition New(string id) => new() { DefinitionId = id, Name = id };

    private static void Add(WorkflowDefinition definition, string id, string type, params (string Name, ExpressionDefinition Value)[] inputs) =>
        definition.Root.Activities.Add(new ActivityDefinition
        {
            Id = id,
            Type = type,
            Inputs = inputs.ToDictionary(i => i.Name, i => i.Value),
        });

    private static void Connect(WorkflowDefinition definition, string source, string target, string port) =>
        definition.Root.Connections.Add(new ConnectionDefinition
        {
            Source = new Endpoint { Activity = source, Port = port },
            Target = new Endpoint { Activity = target, Port = "In" },
        });
}
