using System.Text.Json.Nodes;
using Workflows.Core.Runtime;

namespace Workflows.Core.Activities;

public enum ActivityResultKind
{
    Completed,
    Suspended,
    Waiting,
    Ended,
}

/// <summary>What an activity did: completed with outcomes, suspended on a bookmark, waits for more tokens (Join), or ended the workflow.</summary>
public sealed class ActivityResult
{
    private ActivityResult(ActivityResultKind kind) => Kind = kind;

    public ActivityResultKind Kind { get; }
    public IReadOnlyList<string> Outcomes { get; private init; } = [];
    public Bookmark? Bookmark { get; private init; }
    public JsonNode? WorkflowResult { get; private init; }

    public static ActivityResult Complete(params IReadOnlyList<string> outcomes) => new(ActivityResultKind.Completed) { Outcomes = outcomes };
    public static ActivityResult Done() => Complete(Ports.Done);
    public static ActivityResult Suspend(Bookmark bookmark) => new(ActivityResultKind.Suspended) { Bookmark = bookmark };
    public static ActivityResult Wait() => new(ActivityResultKind.Waiting);
    public static ActivityResult End(JsonNode? result) => new(ActivityResultKind.Ended) { WorkflowResult = result };
}
