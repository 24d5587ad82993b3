namespace Workflows.Core.Runtime;

/// <summary>A command the engine refuses (bad input, wrong state); nothing was changed. Faults are not reported this way.</summary>
public class WorkflowCommandException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

/// <summary>Start inputs that are missing or invalid, each named.</summary>
public sealed class WorkflowInputException(IReadOnlyList<InputError> errors)
    : WorkflowCommandException(ErrorCodes.InvalidInput, string.Join("; ", errors.Select(e => $"{e.Name}: {e.Message}")))
{
    public IReadOnlyList<InputError> Errors { get; } = errors;
}

public sealed record InputError(string Name, string Message);

public static class ErrorCodes
{
    public const string InstanceNotFound = "InstanceNotFound";
    public const string DefinitionNotFound = "DefinitionNotFound";
    public const string BookmarkNotFound = "BookmarkNotFound";
    public const string InstanceNotRunning = "InstanceNotRunning";
    public const string InstanceNotFaulted = "InstanceNotFaulted";
    public const string NotResumable = "NotResumable";
    public const string UnknownOutcome = "UnknownOutcome";
    public const string CommentRequired = "CommentRequired";
    public const string TimerNotDue = "TimerNotDue";
    public const string SignalNotAwaited = "SignalNotAwaited";
    public const string InvalidInput = "InvalidInput";
    public const string InvalidDefinition = "InvalidDefinition";
    public const string NotYourTask = "NotYourTask";
    public const string AlreadyClaimed = "AlreadyClaimed";
    public const string UnknownUser = "UnknownUser";
    public const string UnknownAction = "UnknownAction";
    public const string UrgeTooSoon = "UrgeTooSoon";
    public const string NoOpenTasks = "NoOpenTasks";
}

/// <summary>
/// What a person or system sends to resume a bookmark. <see cref="Actor"/> is who acts; null is the system itself
/// (scripts, benchmarks), which user tasks let act on behalf of the current signer. The server always passes the
/// signed-in user.
/// </summary>
public sealed record ResumeRequest
{
    /// <summary>What to do with a user task (<see cref="Tasks.TaskActions"/>); completing it by default.</summary>
    public string Action { get; init; } = Tasks.TaskActions.Complete;
    /// <summary>The other person of a delegate or add-signer.</summary>
    public string? UserName { get; init; }
    public string? Outcome { get; init; }
    public string? Comment { get; init; }
    public string? Actor { get; init; }
    public System.Text.Json.Nodes.JsonObject? Data { get; init; }
    public System.Text.Json.Nodes.JsonNode? Payload { get; init; }
    /// <summary>The matter whose CompleteTasks step completes this task (合并办理); only such a completion may choose an automatic outcome.</summary>
    public string? OnBehalfOf { get; init; }
}
