using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Workflows.Server.Attachments;
using Workflows.Core.Runtime;
using Workflows.Core.Tasks;
using Workflows.Persistence;
using Workflows.Persistence.Tasks;
using Workflows.Server.Audit;
using Workflows.Server.Auth;
using TaskStatus = Workflows.Persistence.Tasks.TaskStatus;

namespace Workflows.Server.Tasks;

public static class TasksApi
{
    public static RouteGroupBuilder MapTasksApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/tasks").WithTags("Tasks");
        api.MapGet("/", List).WithSummary("The inbox: scope = mine (default), candidate, cc, done, or all (administrators); sorted by due date, done by when you did it (newest first); q searches the step, the matter's title, the procedure and the starter's name or department, counted up to 100 matches, and done up to Workflows:Inbox:DoneCountLimit, 1,000 by default; totalCapped then says there are more");
        api.MapGet("/{id}", Get).WithSummary("A task in full: signers, form, outcomes, deadlines and urgency");
        api.MapPost("/{id}/claim", Claim).WithSummary("Take a task offered to your role or department");
        api.MapPost("/{id}/complete", Complete)
            .WithSummary("Complete with an outcome, a comment (required where the outcome says so), form data and attachments")
            .WithDescription("400 names the bad fields or the missing comment; 409 when the task is already completed, cancelled or not yours.");
        api.MapPost("/{id}/delegate", Delegate).WithSummary("转办: hand your part to another person; the journal keeps the original assignee");
        api.MapPost("/{id}/add-signer", AddSigner).WithSummary("加签: the task then also needs this person's completion");
        api.MapPost("/{id}/read", MarkRead).WithSummary("Mark a 抄送 item read");
        return api;
    }

    private static async Task<Results<Ok<TaskPage>, ValidationProblem>> List(
        HttpContext http, TaskInbox inbox, InboxSearch search, string? scope, string? instanceId, string? q, int? page, int? pageSize,
        CancellationToken cancellationToken)
    {
        var (number, size, chosen) = (page ?? 1, pageSize ?? 20, scope ?? TaskInbox.Mine);
        // An offered list reads page × pageSize entries of each offer: that product must be a number the database takes.
        if (number < 1 || size is < 1 or > 200 || (long)number * size > int.MaxValue)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["page"] = [$"page starts at 1; pageSize is 1 to 200; page × pageSize stays below {int.MaxValue}"],
            });
        }
        if (!TaskInbox.Scopes.Contains(chosen))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["scope"] = [$"'{chosen}' is not one of {string.Join(", ", TaskInbox.Scopes)}"] });
        }
        if (q?.Length > InboxSearch.MaxLength)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["q"] = [$"the search term is at most {InboxSearch.MaxLength} characters"] });
        }
        // A search is counted up to a limit: its cost stays that of the matches shown, however long the list.
        int? countUpTo = string.IsNullOrWhiteSpace(q) ? null : InboxSearch.CountLimit;
        if (chosen == TaskInbox.Cc)
        {
            return TypedResults.Ok(await inbox.CcPageAsync(http.User, await search.CcMatchingAsync(q, cancellationToken), number, size, cancellationToken, countUpTo));
        }
        Func<IQueryable<TaskRecord>, IQueryable<TaskRecord>>? narrow = string.IsNullOrEmpty(instanceId) ? null : tasks => tasks.Where(t => t.InstanceId == instanceId);
        if (chosen is TaskInbox.Done or TaskInbox.Mine or TaskInbox.Candidate)
        {
            // The person's own lists are searched on their own index entries.
            var own = await search.ParticipantsMatchingAsync(q, cancellationToken);
            return TypedResults.Ok(chosen == TaskInbox.Done
                ? await inbox.DonePageAsync(http.User, narrow, own, number, size, cancellationToken, countUpTo)
                : await inbox.OpenPageAsync(http.User, chosen, narrow, own, number, size, cancellationToken, countUpTo));
        }
        var query = inbox.InScope(http.User, chosen);
        if (!string.IsNullOrWhiteSpace(q))
        {
            query = (await search.TasksMatchingAsync(q, cancellationToken))(query);
        }
        return TypedResults.Ok(await inbox.PageAsync(narrow is null ? query : narrow(query), number, size, cancellationToken, countUpTo));
    }

    private static async Task<Results<Ok<TaskDetail>, ProblemHttpResult>> Get(
        string id, HttpContext http, TaskInbox inbox, IWorkflowInstanceStore instances, IAuditTrail audit, CancellationToken cancellationToken)
    {
        var row = await inbox.FindVisibleAsync(http.User, id, cancellationToken);
        if (row is null)
        {
            return TaskNotFound(id);
        }
        var state = TaskInbox.StateOf(row);
        var item = inbox.ToItem(row, state);
        if (http.User.IsAdmin() && row.ClosedBy != http.User.UserName() && !item.Assignees.Contains(http.User.UserName()))
        {
            // An administrator sees every task; reading someone else's is recorded (安全审计).
            await audit.RecordAsync(AuditActions.TaskReadByAdmin, id, new { row.InstanceId, assignees = item.Assignees }, cancellationToken);
        }
        var instance = await instances.FindAsync(row.InstanceId, cancellationToken);
        return TypedResults.Ok(new TaskDetail(item, state.Mode, state.Form, state.Signers, instance?.Input ?? []));
    }

    private static Task<Results<Ok<TaskItem>, ProblemHttpResult, ValidationProblem>> Claim(
        string id, HttpContext http, TaskInbox inbox, WorkflowEngine engine, CancellationToken cancellationToken) =>
        ActAsync(id, http, inbox, engine, new ResumeRequest { Action = TaskActions.Claim }, cancellationToken);

    private static async Task<Results<Ok<TaskItem>, ProblemHttpResult, ValidationProblem>> Complete(
        string id, CompleteTaskRequest request, HttpContext http, TaskInbox inbox, WorkflowEngine engine, WorkflowsDbContext db, CancellationToken cancellationToken)
    {
        var me = http.User.UserName();
        var attachmentIds = request.AttachmentIds ?? [];
        if (await db.UnusableAsync(attachmentIds, me, cancellationToken) is { Count: > 0 } missing)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["attachmentIds"] = [$"no attachment {string.Join(", ", missing)} uploaded by you and not yet used"],
            });
        }
        var data = request.Data?.DeepClone().AsObject() ?? [];
        if (attachmentIds.Count > 0)
        {
            data["attachments"] = new System.Text.Json.Nodes.JsonArray([.. attachmentIds.Select(a => (System.Text.Json.Nodes.JsonNode)a)]);
        }
        var result = await ActAsync(id, http, inbox, engine,
            new ResumeRequest { Outcome = request.Outcome, Comment = request.Comment, Data = data }, cancellationToken);
        if (result.Result is Ok<TaskItem> done)
        {
            await db.LinkAsync(attachmentIds, done.Value!.InstanceId, cancellationToken);
        }
        return result;
    }

    private static Task<Results<Ok<TaskItem>, ProblemHttpResult, ValidationProblem>> Delegate(
        string id, DelegateTaskRequest request, HttpContext http, TaskInbox inbox, WorkflowEngine engine, CancellationToken cancellationToken) =>
        ActAsync(id, http, inbox, engine, new ResumeRequest { Action = TaskActions.Delegate, UserName = request.UserName, Comment = request.Comment }, cancellationToken);

    private static Task<Results<Ok<TaskItem>, ProblemHttpResult, ValidationProblem>> AddSigner(
        string id, AddSignerRequest request, HttpContext http, TaskInbox inbox, WorkflowEngine engine, CancellationToken cancellationToken) =>
        ActAsync(id, http, inbox, engine, new ResumeRequest { Action = TaskActions.AddSigner, UserName = request.UserName, Comment = request.Comment }, cancellationToken);

    private static async Task<Results<NoContent, ProblemHttpResult>> MarkRead(
        string id, HttpContext http, WorkflowsDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var me = http.User.UserName();
        var updated = await db.CcItems.Where(c => c.Id == id && c.UserName == me && c.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ReadAt, time.GetUtcNow()), cancellationToken);
        if (updated == 0 && !await db.CcItems.AnyAsync(c => c.Id == id && c.UserName == me, cancellationToken))
        {
            return TypedResults.Problem(new ProblemDetails { Title = "CcItemNotFound", Status = 404, Detail = $"no 抄送 item '{id}' of yours" });
        }
        return TypedResults.NoContent();
    }

    /// <summary>
    /// Runs one task action as the signed-in user. The engine decides whether they may (409 otherwise); the task's
    /// instance row is the concurrency token, so of two people acting at once exactly one succeeds.
    /// </summary>
    private static async Task<Results<Ok<TaskItem>, ProblemHttpResult, ValidationProblem>> ActAsync(
        string id, HttpContext http, TaskInbox inbox, WorkflowEngine engine, ResumeRequest request, CancellationToken cancellationToken)
    {
        if (await inbox.LookUpAsync(http.User, id, cancellationToken) is not { } found)
        {
            return TaskNotFound(id);
        }
        var row = found.Task;
        if (!found.Visible)
        {
            return inbox.ClaimedByAnother(http.User, row) is { } claimedBy
                ? Conflict($"task '{row.Title}' is already claimed by {claimedBy}")
                : TaskNotFound(id);
        }
        if (row.Status != TaskStatus.Open)
        {
            return Conflict($"task '{row.Title}' is already {row.Status.ToString().ToLowerInvariant()}");
        }
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await engine.ResumeAsync(row.InstanceId, id, request with { Actor = http.User.UserName() }, cancellationToken);
                break;
            }
            // Something else committed on the matter between the engine's load and its save (a reminder or 督办 timer,
            // another step's action) and nothing of ours was stored: act again on what is there now. The engine checks
            // everything afresh, so a task someone else completed or claimed meanwhile still ends in a 409 below.
            catch (WorkflowConcurrencyException) when (attempt < ActAttempts)
            {
            }
            catch (WorkflowCommandException ex) when (ex.Code is ErrorCodes.BookmarkNotFound or ErrorCodes.InstanceNotRunning)
            {
                // Someone else finished it between our read and the engine's.
                return Conflict($"task '{row.Title}' is no longer open: {ex.Message}");
            }
        }
        var after = await inbox.FindAsync(id, cancellationToken) ?? throw new InvalidOperationException($"task {id} is gone after an action on it");
        return TypedResults.Ok(inbox.ToItem(after));
    }

    /// <summary>How many times an action is tried when the matter keeps changing under it.</summary>
    private const int ActAttempts = 3;

    private static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(new ProblemDetails { Title = "TaskNotOpen", Status = StatusCodes.Status409Conflict, Detail = detail });

    private static ProblemHttpResult TaskNotFound(string id) => TypedResults.Problem(new ProblemDetails
    {
        Title = "TaskNotFound",
        Status = StatusCodes.Status404NotFound,
        Detail = $"no task '{id}' that you may see",
    });
}
