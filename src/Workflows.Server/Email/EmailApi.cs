using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using Workflows.Core.Runtime;
using Workflows.Persistence;
using Workflows.Persistence.Instances;
using Workflows.Server.Auth;
using Workflows.Scheduling.Email;

namespace Workflows.Server.Email;

public sealed record EmailTemplateBody(string Key, string Subject, string Body, bool IsDefault, DateTimeOffset? UpdatedAt);

public sealed record SaveEmailTemplate(string? Subject, string? Body);

public sealed record OutboxItem(
    string Id, string InstanceId, string ActivityId, string Kind, OutboxState State, int Attempts,
    DateTimeOffset CreatedAt, DateTimeOffset? NextAttemptAt, string? LastError, JsonNode? Payload);

public sealed record OutboxPage(IReadOnlyList<OutboxItem> Items, int Total);

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
        api.MapPut("/templates/{key}", PutTemplate).WithSummary("Save a template; one that does not parse is refused with its line and column");
        api.MapGet("/outbox", ListOutbox).WithSummary("Outbox messages, newest first: state (Pending, Sending, Sent, Failed), attempts, last error");
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
        IDbContextFactory<WorkflowsDbContext> contexts, CancellationToken cancellationToken, OutboxState? state = null, string? instanceId = null, int page = 1, int pageSize = 50)
    {
        (page, pageSize) = (Math.Max(1, page), Math.Clamp(pageSize, 1, 500));
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Outbox.AsNoTracking().Where(o => o.Kind == SideEffectKinds.Email);
        query = state is { } s ? query.Where(o => o.State == s) : query;
        query = instanceId is { Length: > 0 } id ? query.Where(o => o.InstanceId == id) : query;
        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderByDescending(o => o.CreatedAt).ThenBy(o => o.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return TypedResults.Ok(new OutboxPage(
            [.. rows.Select(o => new OutboxItem(o.Id, o.InstanceId, o.ActivityId, o.Kind, o.State, o.Attempts, o.CreatedAt, o.NextAttemptAt, o.LastError, JsonNode.Parse(o.Payload)))],
            total));
    }

    private static async Task<Results<Ok<TestEmailSent>, ProblemHttpResult>> SendTest(
        TestEmail request, Mailer mailer, EmailComposer composer, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!MailboxAddress.TryParse(request.To, out var to) || !to.Address.Contains('@'))
        {
            return TypedResults.Problem(new ProblemDetails { Title = "InvalidInput", Status = StatusCodes.Status400BadRequest, Detail = $"'{request.To}' is not an e-mail address" });
        }
        var id = $"test-{Guid.NewGuid():N}";
        var message = new MimeMessage { Subject = "工作流程系统测试邮件 / Workflows test message", MessageId = composer.MessageId(id), Date = time.GetUtcNow() };
        message.From.Add(MailboxAddress.Parse(composer.From));
        message.To.Add(to);
        message.Body = new TextPart("plain") { Text = "这是一封测试邮件：邮件设置可以正常发送。\nThis is a test message: the e-mail settings work." };
        try
        {
            var file = await mailer.DeliverAsync(message, cancellationToken);
            return TypedResults.Ok(new TestEmailSent(message.MessageId, file is null ? "smtp" : "file", file));
        }
        catch (Exception ex) when (ex is MailKit.CommandException or MailKit.ProtocolException or MailKit.Security.AuthenticationException or MailKit.Security.SslHandshakeException or System.Net.Sockets.SocketException or IOException or TimeoutException)
        {
            return TypedResults.Problem(new ProblemDetails { Title = "SmtpFailed", Status = StatusCodes.Status502BadGateway, Detail = ex.Message });
        }
    }

    private static ProblemHttpResult UnknownTemplate(string key) => TypedResults.Problem(new ProblemDetails
    {
        Title = "TemplateNotFound",
        Status = StatusCodes.Status404NotFound,
        Detail = $"no e-mail template '{key}'; the templates are {string.Join(", ", EmailTemplateKeys.All)}",
    });
}
