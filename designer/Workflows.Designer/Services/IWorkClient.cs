using System.Text.Json.Nodes;
using Workflows.Core.Activities;
using Workflows.Core.Definitions;
using Workflows.Core.Runtime;
using Workflows.Core.Tasks;

namespace Workflows.Designer.Services;

/// <summary>
/// The daily work as the signed-in user sees it (the shapes of /api/tasks, /api/workflow-instances and
/// /api/attachments): the inbox, a task and its actions, starting a procedure, an instance and its actions.
/// </summary>
public interface IWorkClient
{
    /// <summary>
    /// One inbox tab: <see cref="InboxScopes"/>; of archived matters (归档) as <paramref name="archived"/> says
    /// (<see cref="ArchivedMatters"/>); with a <paramref name="search"/> term, only what matches it, searched in the
    /// database over the whole list (<see cref="WorkItem.Matches"/> says where it looks). At most
    /// <see cref="WorkList.PerList"/> rows of each list the tab shows; <see cref="WorkList.More"/> says a list has more.
    /// </summary>
    Task<WorkList> InboxAsync(string scope, string archived, string? search, CancellationToken cancellationToken);

    /// <summary>
    /// The ways work reaches the user (they sign, their roles, roles in their department, their department), for
    /// <see cref="IWorkChanges.WatchReach"/>; null for administrators, whose lists show everyone's work.
    /// </summary>
    Task<IReadOnlyList<string>?> ReachAsync(CancellationToken cancellationToken);

    /// <summary>Null when there is no such task or the user may not see it.</summary>
    Task<TaskView?> GetTaskAsync(string taskId, CancellationToken cancellationToken);

    Task<WorkResult> ClaimAsync(string taskId, CancellationToken cancellationToken);

    /// <summary>A file field's value in <paramref name="data"/> is the id of an uploaded file, also listed in <paramref name="attachmentIds"/>.</summary>
    Task<WorkResult> CompleteAsync(
        string taskId, string outcome, string? comment, JsonObject data, IReadOnlyList<string> attachmentIds, CancellationToken cancellationToken);

    Task<WorkResult> DelegateAsync(string taskId, string userName, string? comment, CancellationToken cancellationToken);

    Task<WorkResult> AddSignerAsync(string taskId, string userName, string? comment, CancellationToken cancellationToken);

    Task MarkReadAsync(string ccItemId, CancellationToken cancellationToken);

    /// <summary>The published procedures the user may start.</summary>
    Task<IReadOnlyList<StartableProcedure>> StartableAsync(CancellationToken cancellationToken);

    /// <summary>The published version of a procedure the user may start; null otherwise.</summary>
    Task<WorkflowDefinition?> StartFormAsync(string definitionId, CancellationToken cancellationToken);

    /// <summary>Stores a file for a later start or task; <paramref name="progress"/> hears the bytes read so far.</summary>
    Task<WorkResult<UploadedFile>> UploadAsync(
        string fileName, string contentType, Stream content, IProgress<long>? progress, CancellationToken cancellationToken);

    /// <summary>Starts the published version; a file input's value is the id (or a list of ids) of uploaded files. The result is the instance id.</summary>
    Task<WorkResult<string>> StartAsync(string definitionId, JsonObject input, CancellationToken cancellationToken);

    /// <summary>Null when there is no such instance or the user may not see it.</summary>
    Task<InstanceDetail?> GetInstanceAsync(string instanceId, CancellationToken cancellationToken);

    Task<WorkResult> WithdrawAsync(string instanceId, string? reason, CancellationToken cancellationToken);

    Task<WorkResult> UrgeAsync(string instanceId, string? message, CancellationToken cancellationToken);

    Task<WorkResult> CancelAsync(string instanceId, string? reason, CancellationToken cancellationToken);

    Task<WorkResult> RetryAsync(string instanceId, CancellationToken cancellationToken);
}

/// <summary>
/// One inbox tab's rows: the first <see cref="PerList"/> of each list it shows (待办 shows two, assigned and offered), and
/// whether a list has more than that, so the tab does not pass off the rows it loaded as all there are.
/// </summary>
public sealed record WorkList(IReadOnlyList<WorkItem> Items, bool More)
{
    public const int PerList = 200;
}

public static class InboxScopes
{
    /// <summary>待办: assigned to me, and offered to my roles or department (to claim).</summary>
    public const string Todo = "todo";
    /// <summary>已办.</summary>
    public const string Done = "done";
    /// <summary>抄送, with read status.</summary>
    public const string Cc = "cc";
}

/// <summary>Whether lists show archived matters, as GET /api/workflow-instances?archived= takes it.</summary>
public static class ArchivedMatters
{
    /// <summary>The default: archived matters leave the list.</summary>
    public const string Exclude = "exclude";
    /// <summary>Among the others.</summary>
    public const string Include = "include";
    /// <summary>Archived matters alone.</summary>
    public const string Only = "only";

    public static readonly IReadOnlyList<string> All = [Exclude, Include, Only];
}

public static class Urgency
{
    public const string Normal = "normal";
    public const string Warning = "warning";
    public const string Overdue = "overdue";
}

/// <summary>
/// An inbox row. <paramref name="WorkingDaysLeft"/> counts working days from today to the due date (negative when
/// overdue); <paramref name="Offered"/> marks a task offered to the user's role or department, not yet claimed.
/// <paramref name="Title"/> is the step; <paramref name="MatterTitle"/> tells one matter from another of the same
/// procedure (see MatterTitles), <paramref name="ProcedureName"/> is the procedure's display name.
/// </summary>
public sealed record WorkItem(
    string Id, string InstanceId, string DefinitionId, string Title, string Status, IReadOnlyList<string> Assignees,
    DateTimeOffset CreatedAt, DateTimeOffset? DueAt, int? WorkingDaysLeft, string Urgency, bool Provisional,
    bool Offered, string? Outcome, string? ClosedBy, bool? Read,
    string? MatterTitle = null, string? ProcedureName = null, string? StarterName = null, string? StarterDepartment = null,
    string? ActivityId = null)
{
    /// <summary>What the inbox filter looks in: the step, the matter, the procedure (id and name) and the starter.</summary>
    public bool Matches(string? filter) => string.IsNullOrWhiteSpace(filter)
        || new[] { Title, MatterTitle, DefinitionId, ProcedureName, StarterName, StarterDepartment }
            .Any(text => text?.Contains(filter.Trim(), StringComparison.OrdinalIgnoreCase) == true);
}

public sealed record TaskView(
    WorkItem Item, string Mode, IReadOnlyList<InputDefinition> Fields, IReadOnlyList<TaskOutcome> Outcomes,
    IReadOnlyList<TaskSigner> Signers, JsonObject InstanceInput, IReadOnlyList<InputDefinition> Inputs, string ProcedureName,
    bool CanAct, bool CanClaim, IReadOnlyList<FileLink> Files, IReadOnlyList<DocumentLink> Documents,
    IReadOnlyList<JournalEntry> History, WorkflowDefinition? Definition);

/// <summary>A file of the matter, downloadable at <paramref name="Url"/>; <paramref name="Field"/> is the label of the form field it was uploaded for.</summary>
public sealed record FileLink(string Id, string FileName, string ContentType, long Size, string Url, string? Field = null)
{
    /// <summary>What the server shows inline (<c>?inline=true</c>); other files are downloads only.</summary>
    public bool Previewable => ContentType is "application/pdf" or "image/png" or "image/jpeg" or "image/gif" or "image/webp" or "text/plain";

    public string PreviewUrl => $"{Url}?inline=true";
}

/// <summary>A generated document; a draft (not signed off yet) has no number and no .docx, only its HTML preview.</summary>
public sealed record DocumentLink(string Id, string Title, string Number, DateTimeOffset CreatedAt, string DocxUrl, string HtmlUrl, bool Draft = false);

public sealed record StartableProcedure(string DefinitionId, string Name, string? Description, int Version);

public sealed record UploadedFile(string Id, string FileName, long Size);

/// <param name="StarterName">The starter's display name; <paramref name="StartedBy"/> is the login name.</param>
public sealed record InstanceDetail(
    string Id, string DefinitionId, int Version, string ProcedureName, string Status, string? StartedBy,
    DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt, JsonObject Input, IReadOnlyList<string> ActiveActivityIds,
    IReadOnlyList<string> VisitedActivityIds, WorkflowDefinition? Definition, IReadOnlyList<JournalEntry> Journal,
    IReadOnlyList<DocumentLink> Documents, IReadOnlyList<FileLink> Files, IReadOnlyList<WorkItem> OpenTasks,
    bool CanWithdraw, bool CanUrge, bool CanCancel, bool CanRetry, string? MatterTitle = null, string? StarterName = null, string? StarterDepartment = null);

/// <summary>An action's result: <see cref="Error"/> says why it was refused.</summary>
public record WorkResult(string? Error)
{
    public bool Succeeded => Error is null;

    public static WorkResult Ok { get; } = new((string?)null);

    public static WorkResult Fail(string error) => new(error);
}

public sealed record WorkResult<T>(T? Value, string? Error) : WorkResult(Error)
{
    public static WorkResult<T> Success(T value) => new(value, null);

    public static new WorkResult<T> Fail(string error) => new(default, error);
}
