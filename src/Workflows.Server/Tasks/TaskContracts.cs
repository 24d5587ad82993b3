using System.Text.Json.Nodes;
using Workflows.Core.Activities;
using Workflows.Core.Tasks;

namespace Workflows.Server.Tasks;

public static class Urgencies
{
    public const string Normal = "normal";
    /// <summary>Yellow: within remindBefore of the due date.</summary>
    public const string Warning = "warning";
    /// <summary>Red: past the due date.</summary>
    public const string Overdue = "overdue";

    public static string Of(DateTimeOffset? dueAt, DateTimeOffset? remindAt, DateTimeOffset now) =>
        dueAt is { } due && now > due ? Overdue
        : remindAt is { } remind && now >= remind ? Warning
        : Normal;
}

/// <summary>An inbox row: a task, or with <c>scope=cc</c> a 抄送 item (then <see cref="Read"/> says whether it was read).</summary>
public sealed record TaskItem(
    string Id, string InstanceId, string DefinitionId, string Title, string? ActivityId, string Status,
    IReadOnlyList<string> Assignees, IReadOnlyList<string> CandidateRoles, IReadOnlyList<string> CandidateDepartments,
    DateTimeOffset CreatedAt, DateTimeOffset? DueAt, DateTimeOffset? HardDueAt, string Urgency, bool Provisional,
    IReadOnlyList<TaskOutcome> Outcomes, string? Outcome, string? ClosedBy, bool? Read)
{
    /// <summary>Roles the unclaimed task is offered to only within a case's department (and below).</summary>
    public IReadOnlyList<RoleInDepartment> CandidateRolesInDepartments { get; init; } = [];
}

public sealed record TaskPage(IReadOnlyList<TaskItem> Items, int Total, int Page, int PageSize)
{
    /// <summary>
    /// True when a search matched more than <see cref="InboxSearch.CountLimit"/> tasks: then <see cref="Total"/> is that
    /// limit ("100+"), not the exact number, and later pages are still served.
    /// </summary>
    public bool TotalCapped { get; init; }
}

/// <summary>One task in full: the inbox row plus mode, form and every signer with what they decided.</summary>
public sealed record TaskDetail(TaskItem Task, string Mode, TaskForm? Form, IReadOnlyList<TaskSigner> Signers, JsonObject InstanceInput);

public sealed record CompleteTaskRequest(string? Outcome, string? Comment, JsonObject? Data, IReadOnlyList<string>? AttachmentIds);

public sealed record DelegateTaskRequest(string? UserName, string? Comment);

public sealed record AddSignerRequest(string? UserName, string? Comment);
