using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Workflows.Core.Runtime;
using Workflows.Persistence;
using Workflows.Persistence.Instances;
using Workflows.Server.Auth;
using Workflows.Scheduling.Email;
using Workflows.Server.Audit;

namespace Workflows.Server.Email;

public sealed record EmailTemplateBody(string Key, string Subject, string Body, bool IsDefault, DateTimeOffset? UpdatedAt);

public sealed record SaveEmailTemplate(string? Subject, string? Body);

/// <param name="Subject">The subject as composed from its template (null when it cannot be composed).</param>
/// <param name="PickupFile">The .eml file the message was written to because no SMTP server is configured; null otherwise.</param>
public sealed record OutboxItem(
    string Id, string InstanceId, string ActivityId, string Kind, OutboxState State, int Attempts,
    DateTimeOffset CreatedAt, DateTimeOffset? NextAttemptAt, string? LastError, JsonNode? Payload,
    string? Subject = null, string? PickupFile = null);

/// <param name="Total">How many e-mails match, counted up to <see cref="OutboxList.CountLimit"/>.</param>
public sealed record OutboxPage(IReadOnlyList<OutboxItem> Items, int Total)
{
    /// <summary>More match than <see cref="Total"/>: the count stopped at its limit.</summary>
    public bool TotalCapped { get; init; }
}

public sealed record TestEmail(string? To);

public sealed record TestEmailSent(string MessageId, string Delivery, string? File);

/// <summary>E-mail administration: the templates, the outbox, and a test message to check the SMTP settings.</summary>
public static class EmailApi
{
    public static RouteGroupBuilder MapEmailApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/email").WithTags("E-mail").RequireAuthorization(Policies.Admin);
        api.MapGet("/templates", ListTemplates).WithSummary("The kinds of message and their template keys");
        api.MapGet("/templates/{key}", GetTemplate).WithSummary("A template (Liquid subject and HTML body): the saved one or the shipped default");
        api.MapPut("/templates/{key}", PutTemplate).Audited(AuditActions.EmailTemplateUpdate, "key").WithSummary("Save a template; one that does not parse is refused with its line and column");
        api.MapGet("/outbox", ListOutbox).WithSummary($"Outbox messages, newest first: state (Pending, Sending, Sent, Failed), attempts, last error; total counts up to {OutboxList.CountLimit:N0}, and totalCapped then says there are more");
        api.MapPost("/outbox/{id}/retry", Retry).Audited(AuditActions.OutboxRetry, "id").Produces(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Send a Failed message again: back to Pending with its attempts counted afresh, sent at once");
        api.MapPost("/test", SendTest).WithSummary("Send a test message now through the configured SMTP server (or to the mail folder without one)");
        return api;
    }

    private static IReadOnlyList<string> ListTemplates() => EmailTemplateKeys.All;

    private static async Task<Results<Ok<EmailTemplateBody>, ProblemHttpResult>> GetTemplate(string key, EmailTemplateStore store, CancellationToken cancellationToken)
    {
        if (!EmailTemplateStore.IsKnown(key))
        {
            return UnknownTemplate(key);
        }
        var (template, updatedAt) = await store.GetAsync(key, cancellationToken);
        return TypedResults.Ok(new EmailTemplateBody(key, template.Subject, template.Body, updatedAt is null, updatedAt));
    }

    private static async Task<Results<Ok<EmailTemplateBody>, ProblemHttpResult>> PutTemplate(
        string key, SaveEmailTemplate request, EmailTemplateStore store, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (!EmailTemplateStore.IsKnown(key))
        {
            return UnknownTemplate(key);
        }
        if (string.IsNullOrWhiteSpace(request.Subject) || request.Body is null)
        {
            return TypedResults.Problem(new ProblemDetails { Title = "InvalidInput", Status = StatusCodes.Status400BadRequest, Detail = "a template needs a subject and a body" });
        }
        var errors = await store.SaveAsync(new EmailTemplate(key, request.Subject, request.Body), user.Identity?.Name, cancellationToken);
        if (errors.Count > 0)
        {
            return TypedResults.Problem(new ProblemDetails
            {
                Title = "TemplateSyntaxError",
                Status = StatusCodes.Status400BadRequest,
                Detail = string.Join("; ", errors.Select(e => $"{e.Part}: line {e.Line}, column {e.Column}: {e.Message}")),
                Extensions =
                {
                    ["errors"] = errors.GroupBy(e => e.Part).ToDictionary(g => g.Key, g => g.Select(e => $"line {e.Line}, column {e.Column}: {e.Message}").ToArray()),
                    ["line"] = errors[0].Line,
                    ["column"] = errors[0].Column,
                },
            });
        }
        return await GetTemplate(key, store, cancellationToken) is { Result: Ok<EmailTemplateBody> ok } ? ok : UnknownTemplate(key);
    }

    private static async Task<Ok<OutboxPage>> ListOutbox(
        OutboxList outbox, CancellationToken cancellationToken, OutboxState? state = null, string? instanceId = null, int page = 1, int pageSize = 50) =>
        TypedResults.Ok(await outbox.PageAsync(state, instanceId, page, pageSize, cancellationToken));

    private static async Task<Results<Accepted, ProblemHttpResult>> Retry(string id, OutboxRetry retry, CancellationToken cancellationToken) =>
        await retry.RetryAsync(id, cancellationToken) switch
        {
            RetryOutcome.Retried => TypedResults.Accepted($"/api/email/outbox?state={OutboxState.Pending}"),
            RetryOutcome.NotFound => TypedResults.Problem(new ProblemDetails
            {
                Title = "MessageNotFound",
                Status = StatusCodes.Status404NotFound,
                Detail = $"no e-mail '{id}' in the outbox",
            }),
            _ => TypedResults.Problem(new ProblemDetails
            {
                Title = "MessageNotFailed",
                Status = StatusCodes.Status409Conflict,
                Detail = $"e-mail '{id}' has not failed: only a Failed message is retried by hand",
            }),
        };

    private static async Task<Results<Ok<TestEmailSent>, ProblemHttpResult>> SendTest(TestEmail request, SmtpTest test, CancellationToken cancellationToken) =>
        await test.SendAsync(request.To, cancellationToken) switch
        {
            { Status: SmtpTestStatus.Sent, Sent: { } sent } => TypedResults.Ok(sent),
            { Status: SmtpTestStatus.InvalidAddress } invalid =>
                TypedResults.Problem(new ProblemDetails { Title = "InvalidInput", Status = StatusCodes.Status400BadRequest, Detail = invalid.Error }),
            var failed => TypedResults.Problem(new ProblemDetails { Title = "SmtpFailed", Status = StatusCodes.Status502BadGateway, Detail = failed.Error }),
        };

    private static ProblemHttpResult UnknownTemplate(string key) => TypedResults.Problem(new ProblemDetails
    {
        Title = "TemplateNotFound",
        Status = StatusCodes.Status404NotFound,
        Detail = $"no e-mail template '{key}'; the templates are {string.Join(", ", EmailTemplateKeys.All)}",
    });
}
