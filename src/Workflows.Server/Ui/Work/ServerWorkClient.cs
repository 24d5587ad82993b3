using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Workflows.Core.Calendar;
using Workflows.Core.Definitions;
using Workflows.Core.Organisation;
using Workflows.Core.Runtime;
using Workflows.Core.Tasks;
using Workflows.Designer.Services;
using Workflows.Persistence;
using Workflows.Persistence.Attachments;
using Workflows.Persistence.Definitions;
using Workflows.Persistence.Documents;
using Workflows.Persistence.Tasks;
using Workflows.Server.Archive;
using Workflows.Server.Attachments;
using Workflows.Server.Auth;
using Workflows.Server.Documents;
using Workflows.Server.Instances;
using Workflows.Server.Tasks;
using TaskStatus = Workflows.Persistence.Tasks.TaskStatus;

namespace Workflows.Server.Ui.Work;

/// <summary>
/// The daily-work client in Interactive Server mode, with the REST API's rules (TasksApi, InstancesApi,
/// AttachmentsApi). Each call runs in its own service scope (<see cref="UserCircuit"/>).
/// </summary>
internal sealed class ServerWorkClient(UserCircuit circuit) : IWorkClient
{
    public Task<IReadOnlyList<string>?> ReachAsync(CancellationToken cancellationToken) =>
        circuit.RunAsync((sp, user) => Task.FromResult(user.IsAdmin() ? null : sp.GetRequiredService<TaskInbox>().ReachOf(user)));

    public Task<WorkList> InboxAsync(string scope, string archived, string? search, CancellationToken cancellationToken) => circuit.RunAsync(async (sp, user) =>
    {
        var inbox = sp.GetRequiredService<TaskInbox>();
        var days = sp.GetRequiredService<WorkingDays>();
        var searching = sp.GetRequiredService<InboxSearch>();
        // The text box stops at the limit; a longer term that reaches the circuit anyway is cut, as the API refuses it.
        var term = search?.Trim() is { Length: > 0 } trimmed ? trimmed[..Math.Min(trimmed.Length, InboxSearch.MaxLength)] : null;
        var matching = scope == InboxScopes.Cc ? null : await searching.ParticipantsMatchingAsync(term, cancellationToken);
        int? countUpTo = term is null ? null : InboxSearch.CountLimit;
        const int rows = WorkList.PerList;
        List<(TaskItem Item, bool Offered)> found;
        TaskPage[] pages;
        if (scope == InboxScopes.Cc)
        {
            var cc = await inbox.CcPageAsync(user, await searching.CcMatchingAsync(term, cancellationToken), 1, rows, cancellationToken, countUpTo);
            pages = [cc];
            found = await ArchiveFilter.ApplyAsync(sp.GetRequiredService<WorkflowsDbContext>(), [.. cc.Items.Select(i => (Item: i, Offered: false))], r => r.Item.InstanceId, archived, cancellationToken);
        }
        else if (scope == InboxScopes.Done)
        {
            var db = sp.GetRequiredService<WorkflowsDbContext>();
            var done = await inbox.DonePageAsync(user, tasks => ArchiveFilter.Apply(db, tasks, archived), matching, 1, rows, cancellationToken, countUpTo);
            pages = [done];
            found = [.. done.Items.Select(i => (i, false))];
        }
        else
        {
            var mine = await inbox.OpenPageAsync(user, TaskInbox.Mine, null, matching, 1, rows, cancellationToken, countUpTo);
            var offered = await inbox.OpenPageAsync(user, TaskInbox.Candidate, null, matching, 1, rows, cancellationToken, countUpTo);
            pages = [mine, offered];
            found = [.. mine.Items.Select(i => (i, false)), .. offered.Items.Where(o => mine.Items.All(m => m.Id != o.Id)).Select(i => (i, true))];
        }
        var matters = await sp.GetRequiredService<MatterFacts>().ForAsync(found.Select(r => r.Item.InstanceId), cancellationToken);
        // A full page with more counted (or more than the count goes to) leaves rows unloaded.
        var more = pages.Any(p => p.Items.Count == rows && (p.TotalCapped || p.Total > rows));
        return new WorkList([.. found.Select(r => days.ToWorkItem(r.Item, r.Offered, matters.GetValueOrDefault(r.Item.InstanceId)))], more);
    });

    public Task<TaskView?> GetTaskAsync(string taskId, CancellationToken cancellationToken) => circuit.RunAsync(async (sp, user) =>
    {
        var inbox = sp.GetRequiredService<TaskInbox>();
        if (await inbox.LookUpAsync(user, taskId, cancellationToken) is not { Visible: true } found)
        {
            return null;
        }
        var (row, offered) = (found.Task, found.Offered);
        var me = user.UserName();
        var state = TaskInbox.StateOf(row);
        var item = inbox.ToItem(row, state);
        var open = row.Status == TaskStatus.Open;
        var store = sp.GetRequiredService<IWorkflowInstanceStore>();
        var instance = await store.FindAsync(row.InstanceId, cancellationToken);
        var definition = instance is null ? null
            : await sp.GetRequiredService<IWorkflowDefinitionSource>().FindAsync(instance.DefinitionId, instance.DefinitionVersion, cancellationToken);
        var (files, documents) = await FilesAsync(sp.GetRequiredService<WorkflowsDbContext>(), row.InstanceId, definition, instance?.Input, cancellationToken);
        var matters = await sp.GetRequiredService<MatterFacts>().ForAsync([row.InstanceId], cancellationToken);
        return new TaskView(sp.GetRequiredService<WorkingDays>().ToWorkItem(item, offered, matters.GetValueOrDefault(row.InstanceId)), state.Mode, state.Form?.Fields ?? [], state.Outcomes,
            state.Signers, instance?.Input ?? [], definition?.Inputs ?? [], definition?.Name ?? row.DefinitionId,
            open && state.ActiveSigner(me) is not null, offered, files, documents,
            await store.GetJournalAsync(row.InstanceId, cancellationToken), definition);
    });

    public Task<WorkResult> ClaimAsync(string taskId, CancellationToken cancellationToken) =>
        ActAsync(taskId, new ResumeRequest { Action = TaskActions.Claim }, cancellationToken);

    public Task<WorkResult> CompleteAsync(
        string taskId, string outcome, string? comment, JsonObject data, IReadOnlyList<string> attachmentIds, CancellationToken cancellationToken) =>
        circuit.RunAsync(async (sp, user) =>
        {
            var db = sp.GetRequiredService<WorkflowsDbContext>();
            var me = user.UserName();
            if ((await db.UnusableAsync(attachmentIds, me, cancellationToken)).Count > 0)
            {
                return WorkResult.Fail("upload every file first");
            }
            var request = new ResumeRequest { Outcome = outcome, Comment = comment, Data = data.DeepClone().AsObject() };
            if (attachmentIds.Count > 0)
            {
                request.Data!["attachments"] = new JsonArray([.. attachmentIds.Select(a => (JsonNode)a)]);
            }
            var result = await ActAsync(sp, user, taskId, request, cancellationToken);
            if (result.Succeeded && attachmentIds.Count > 0)
            {
                var instanceId = await db.Tasks.Where(t => t.Id == taskId).Select(t => t.InstanceId).FirstAsync(cancellationToken);
                await db.LinkAsync(attachmentIds, instanceId, cancellationToken);
            }
            return result;
        });

    public Task<WorkResult> DelegateAsync(string taskId, string userName, string? comment, CancellationToken cancellationToken) =>
        ActAsync(taskId, new ResumeRequest { Action = TaskActions.Delegate, UserName = userName, Comment = comment }, cancellationToken);

    public Task<WorkResult> AddSignerAsync(string taskId, string userName, string? comment, CancellationToken cancellationToken) =>
        ActAsync(taskId, new ResumeRequest { Action = TaskActions.AddSigner, UserName = userName, Comment = comment }, cancellationToken);

    public Task MarkReadAsync(string ccItemId, CancellationToken cancellationToken) => circuit.RunAsync(async (sp, user) =>
    {
        var me = user.UserName();
        var now = sp.GetRequiredService<TimeProvider>().GetUtcNow();
        return await sp.GetRequiredService<WorkflowsDbContext>().CcItems.Where(c => c.Id == ccItemId && c.UserName == me && c.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ReadAt, now), cancellationToken);
    });

    public Task<IReadOnlyList<StartableProcedure>> StartableAsync(CancellationToken cancellationToken) => circuit.RunAsync(async (sp, user) =>
    {
        var store = sp.GetRequiredService<EfWorkflowDefinitionStore>();
        var source = sp.GetRequiredService<IWorkflowDefinitionSource>();
        var startable = new List<StartableProcedure>();
        foreach (var summary in await store.ListAsync(cancellationToken))
        {
            if (summary.PublishedVersion is { } version && await source.FindAsync(summary.DefinitionId, version, cancellationToken) is { } definition
                && InstancePermissions.MayStart(user, definition))
            {
                startable.Add(new StartableProcedure(definition.DefinitionId, definition.Name, definition.Description, version));
            }
        }
        return (IReadOnlyList<StartableProcedure>)startable;
    });

    public Task<WorkflowDefinition?> StartFormAsync(string definitionId, CancellationToken cancellationToken) => circuit.RunAsync(async (sp, user) =>
    {
        var definition = await sp.GetRequiredService<IWorkflowDefinitionSource>().FindAsync(definitionId, null, cancellationToken);
        return definition is not null && InstancePermissions.MayStart(user, definition) ? definition : null;
    });

    public Task<WorkResult<UploadedFile>> UploadAsync(
        string fileName, string contentType, Stream content, IProgress<long>? progress, CancellationToken cancellationToken) => circuit.RunAsync(async (sp, user) =>
    {
        var limit = sp.GetRequiredService<IOptions<AttachmentOptions>>().Value.MaxSizeBytes;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit)
            {
                return WorkResult<UploadedFile>.Fail($"'{fileName}' > {limit} bytes");
            }
            progress?.Report(buffer.Length);
        }
        if (buffer.Length == 0)
        {
            return WorkResult<UploadedFile>.Fail($"'{fileName}' is empty");
        }
        var bytes = buffer.ToArray();
        var attachment = new Attachment
        {
            Id = Guid.NewGuid().ToString("N"),
            FileName = Path.GetFileName(fileName),
            ContentType = string.IsNullOrEmpty(contentType) ? "application/octet-stream" : contentType,
            Size = bytes.Length,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
            UploadedBy = user.UserName(),
            CreatedAt = sp.GetRequiredService<TimeProvider>().GetUtcNow(),
        };
        await sp.GetRequiredService<AttachmentStorage>().StoreAsync(attachment, bytes, cancellationToken);
        var db = sp.GetRequiredService<WorkflowsDbContext>();
        db.Attachments.Add(attachment);
        await db.SaveChangesAsync(cancellationToken);
        return WorkResult<UploadedFile>.Success(new UploadedFile(attachment.Id, attachment.FileName, attachment.Size));
    });

    public Task<WorkResult<string>> StartAsync(string definitionId, JsonObject input, CancellationToken cancellationToken) => circuit.RunAsync(async (sp, user) =>
    {
        try
        {
            var started = await sp.GetRequiredService<InstanceStarter>().StartAsync(user, definitionId, input, null, cancellationToken);
            return started switch
            {
                { Instance: { } instance } => WorkResult<string>.Success(instance.Id),
                { Refusal: StartRefusal.InvalidFiles } => WorkResult<string>.Fail("upload every file first"),
                _ => WorkResult<string>.Fail($"no published procedure '{definitionId}' that you may start"),
            };
        }
        catch (WorkflowCommandException ex)
        {
            return WorkResult<string>.Fail(ex.Message);
        }
    });

    public Task<InstanceDetail?> GetInstanceAsync(string instanceId, CancellationToken cancellationToken) => circuit.RunAsync(async (sp, user) =>
    {
        var record = await sp.GetRequiredService<InstanceAccess>().FindAsync(user, instanceId, cancellationToken);
        var store = sp.GetRequiredService<IWorkflowInstanceStore>();
        if (record is null || await store.FindAsync(instanceId, cancellationToken) is not { } instance)
        {
            return null;
        }
        var db = sp.GetRequiredService<WorkflowsDbContext>();
        var definition = await sp.GetRequiredService<IWorkflowDefinitionSource>().FindAsync(instance.DefinitionId, instance.DefinitionVersion, cancellationToken);
        var journal = await store.GetJournalAsync(instanceId, cancellationToken);
        var (files, documents) = await FilesAsync(db, instanceId, definition, instance.Input, cancellationToken);
        var matter = (await sp.GetRequiredService<MatterFacts>().ForAsync([instanceId], cancellationToken)).GetValueOrDefault(instanceId);
        var inbox = sp.GetRequiredService<TaskInbox>();
        var days = sp.GetRequiredService<WorkingDays>();
        var openTasks = await db.Tasks.AsNoTracking().Where(t => t.InstanceId == instanceId && t.Status == TaskStatus.Open).ToListAsync(cancellationToken);
        var me = user.UserName();
        var running = instance.Status == WorkflowStatus.Running;
        return new InstanceDetail(instance.Id, instance.DefinitionId, instance.DefinitionVersion, definition?.Name ?? instance.DefinitionId,
            instance.Status.ToString(), instance.StartedBy, instance.CreatedAt, instance.FinishedAt, instance.Input, [.. instance.ActiveActivityIds],
            [.. journal.Where(j => j.ActivityId is not null).Select(j => j.ActivityId!).Distinct()], definition, journal, documents, files,
            [.. openTasks.Select(t => days.ToWorkItem(inbox.ToItem(t), offered: false, matter))],
            CanWithdraw: running && InstancePermissions.MayWithdraw(user, instance.StartedBy),
            CanUrge: running && openTasks.Count > 0 && await sp.GetRequiredService<InstancePermissions>().MayUrgeAsync(user, instanceId, instance.StartedBy, cancellationToken),
            CanCancel: running && user.IsAdmin(),
            CanRetry: instance.Status == WorkflowStatus.Faulted && user.IsAdmin(),
            MatterTitle: matter?.Title, StarterName: matter?.StarterName, StarterDepartment: matter?.StarterDepartment);
    });

    public Task<WorkResult> WithdrawAsync(string instanceId, string? reason, CancellationToken cancellationToken) => InstanceActionAsync(instanceId,
        (sp, user, instance) => InstancePermissions.MayWithdraw(user, instance.StartedBy)
            ? sp.GetRequiredService<WorkflowEngine>().CancelAsync(instanceId,
                string.IsNullOrWhiteSpace(reason) ? "撤回 withdrawn by the starter" : $"撤回 withdrawn by the starter: {reason}", user.UserName(), cancellationToken)
            : null, cancellationToken);

    public Task<WorkResult> UrgeAsync(string instanceId, string? message, CancellationToken cancellationToken) => circuit.RunAsync(async (sp, user) =>
    {
        var store = sp.GetRequiredService<IWorkflowInstanceStore>();
        if (await sp.GetRequiredService<InstanceAccess>().FindAsync(user, instanceId, cancellationToken) is null
            || await store.FindAsync(instanceId, cancellationToken) is not { } instance
            || !await sp.GetRequiredService<InstancePermissions>().MayUrgeAsync(user, instanceId, instance.StartedBy, cancellationToken))
        {
            return WorkResult.Fail("not allowed");
        }
        return await RunAsync(() => sp.GetRequiredService<WorkflowEngine>().UrgeAsync(instanceId, user.UserName(), message, cancellationToken));
    });

    public Task<WorkResult> CancelAsync(string instanceId, string? reason, CancellationToken cancellationToken) => InstanceActionAsync(instanceId,
        (sp, user, _) => user.IsAdmin() ? sp.GetRequiredService<WorkflowEngine>().CancelAsync(instanceId, reason, user.UserName(), cancellationToken) : null,
        cancellationToken);

    public Task<WorkResult> RetryAsync(string instanceId, CancellationToken cancellationToken) => InstanceActionAsync(instanceId,
        (sp, user, _) => user.IsAdmin() ? sp.GetRequiredService<WorkflowEngine>().RetryAsync(instanceId, user.UserName(), cancellationToken) : null,
        cancellationToken);

    private Task<WorkResult> ActAsync(string taskId, ResumeRequest request, CancellationToken cancellationToken) =>
        circuit.RunAsync((sp, user) => ActAsync(sp, user, taskId, request, cancellationToken));

    private static async Task<WorkResult> ActAsync(IServiceProvider sp, ClaimsPrincipal user, string taskId, ResumeRequest request, CancellationToken cancellationToken)
    {
        var row = await sp.GetRequiredService<TaskInbox>().FindVisibleAsync(user, taskId, cancellationToken);
        if (row is null)
        {
            return WorkResult.Fail($"no task '{taskId}' that you may see");
        }
        if (row.Status != TaskStatus.Open)
        {
            return WorkResult.Fail($"'{row.Title}': {row.Status}");
        }
        return await RunAsync(() => sp.GetRequiredService<WorkflowEngine>().ResumeAsync(row.InstanceId, taskId, request with { Actor = user.UserName() }, cancellationToken));
    }

    private Task<WorkResult> InstanceActionAsync(
        string instanceId, Func<IServiceProvider, ClaimsPrincipal, Persistence.Instances.InstanceRecord, Task<WorkflowInstance>?> action,
        CancellationToken cancellationToken) => circuit.RunAsync(async (sp, user) =>
    {
        var record = await sp.GetRequiredService<InstanceAccess>().FindAsync(user, instanceId, cancellationToken);
        var run = record is null ? null : action(sp, user, record);
        return run is null ? WorkResult.Fail("not allowed") : await RunAsync(() => run);
    });

    /// <summary>The engine's refusals (not yours, missing comment, bad field, concurrent change) become a message on the page.</summary>
    private static async Task<WorkResult> RunAsync(Func<Task<WorkflowInstance>> action)
    {
        try
        {
            await action();
            return WorkResult.Ok;
        }
        catch (WorkflowCommandException ex)
        {
            return WorkResult.Fail(ex.Message);
        }
        catch (WorkflowConcurrencyException ex)
        {
            return WorkResult.Fail(ex.Message);
        }
    }

    /// <summary>
    /// The matter's uploaded files, each with the label of the start or task form field it was uploaded for, and its
    /// generated documents (whose renderings are attachments too, listed once).
    /// </summary>
    private static async Task<(IReadOnlyList<FileLink> Files, IReadOnlyList<DocumentLink> Documents)> FilesAsync(
        WorkflowsDbContext db, string instanceId, WorkflowDefinition? definition, JsonObject? input, CancellationToken cancellationToken)
    {
        // A superseded draft is not the matter's document any more (a newer draft replaced it): not listed.
        var documents = await db.Set<GeneratedDocumentRecord>().AsNoTracking()
            .Where(d => d.InstanceId == instanceId && d.State != DocumentStates.Superseded).ToListAsync(cancellationToken);
        var generated = documents.SelectMany(d => new[] { d.DocxAttachmentId, d.HtmlAttachmentId }).OfType<string>().ToHashSet();
        var attachments = await db.Attachments.AsNoTracking().Where(a => a.InstanceId == instanceId)
            .Select(a => new { a.Id, a.FileName, a.ContentType, a.Size, a.CreatedAt }).ToListAsync(cancellationToken);
        var fields = FileFields.Of(definition, input, await db.Tasks.AsNoTracking().Where(t => t.InstanceId == instanceId).Select(t => t.State).ToListAsync(cancellationToken));
        return (
            [.. attachments.Where(a => !generated.Contains(a.Id)).OrderBy(a => a.CreatedAt)
                .Select(a => new FileLink(a.Id, a.FileName, a.ContentType, a.Size, $"/api/attachments/{a.Id}", fields.GetValueOrDefault(a.Id)))],
            [.. documents.OrderBy(d => d.CreatedAt).ThenBy(d => d.Sequence).Select(d => new DocumentLink(d.Id, d.Title, d.State == DocumentStates.Draft ? ComposedDocument.UnnumberedMark : d.Number, d.CreatedAt,
                $"/api/workflow-instances/{instanceId}/documents/{d.Id}/docx", $"/api/workflow-instances/{instanceId}/documents/{d.Id}/html",
                d.State == DocumentStates.Draft))]);
    }
}

/// <summary>Inbox rows with the working days left until their due date, counted on the office's calendar.</summary>
internal sealed class WorkingDays(IWorkingDayCalendar calendar, DeadlineCalculator deadlines, TimeProvider time)
{
    public WorkItem ToWorkItem(TaskItem item, bool offered, Matter? matter = null)
    {
        int? left = item.DueAt is { } due && item.Status == "Open"
            ? calendar.WorkingDaysBetween(deadlines.LocalDate(time.GetUtcNow()), deadlines.LocalDate(due))
            : null;
        return new WorkItem(item.Id, item.InstanceId, item.DefinitionId, item.Title, item.Status, item.Assignees, item.CreatedAt, item.DueAt, left,
            item.Urgency, item.Provisional, offered, item.Outcome, item.ClosedBy, item.Read,
            matter?.Title, matter?.ProcedureName, matter?.StarterName, matter?.StarterDepartment, item.ActivityId);
    }
}
