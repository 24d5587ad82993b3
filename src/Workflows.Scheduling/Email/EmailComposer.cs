using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using Fluid;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using Workflows.Core.Runtime;
using Workflows.Persistence;
using Workflows.Persistence.Instances;

namespace Workflows.Scheduling.Email;

/// <summary>The message could not be composed at all (no recipient with an address, a broken template); retrying will not help.</summary>
public sealed class UndeliverableEmailException(string message) : Exception(message);

/// <summary>
/// An outbox e-mail as a MIME message. A payload naming a <c>template</c> is rendered with it (every inserted value
/// HTML-escaped), with the procedure's name, the handlers' names, local dates and the link to the task added; a
/// SendEmail payload carries its own subject and body. The Message-ID is derived from the outbox id, so a resend
/// after a crash is recognisable as the same message.
/// </summary>
public sealed class EmailComposer(
    IDbContextFactory<WorkflowsDbContext> contexts, RecipientResolver recipients, EmailTemplateStore templates,
    IOptions<SmtpOptions> smtp, IOptions<EmailOptions> email, WorkflowEngineOptions engine)
{
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);
    private readonly TimeZoneInfo _zone = engine.ResolveTimeZone();

    /// <exception cref="UndeliverableEmailException">Nobody to send to, or the template does not render.</exception>
    public Task<MimeMessage> ComposeAsync(OutboxMessage outbox, CancellationToken cancellationToken) => ComposeAsync(outbox, null, cancellationToken);

    /// <param name="procedure">The procedure's name when the message's instance is not stored (a simulation); null to look it up.</param>
    /// <exception cref="UndeliverableEmailException">Nobody to send to, or the template does not render.</exception>
    public async Task<MimeMessage> ComposeAsync(OutboxMessage outbox, string? procedure, CancellationToken cancellationToken)
    {
        var payload = JsonNode.Parse(outbox.Payload)?.AsObject() ?? [];
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var (to, cc) = (recipients.Expand(payload["to"]), recipients.Expand(payload["cc"]));
        var people = await RecipientResolver.PeopleAsync(db, [.. to.UserNames, .. cc.UserNames, .. NamedIn(payload)], cancellationToken);
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(smtp.Value.From));
        message.To.AddRange(recipients.Mailboxes(to, people));
        message.Cc.AddRange(recipients.Mailboxes(cc, people));
        if (message.To.Count == 0)
        {
            if (message.Cc.Count == 0)
            {
                throw new UndeliverableEmailException($"nobody with an e-mail address among {payload["to"]?.ToJsonString() ?? "no recipients"}");
            }
            message.To.AddRange(message.Cc.Mailboxes.ToList());
            message.Cc.Clear();
        }
        message.MessageId = MessageId(outbox.Id);
        message.Date = outbox.CreatedAt;
        var (subject, body) = payload["template"]?.GetValue<string>() is { } key
            ? await RenderAsync(key, await ModelAsync(db, outbox, payload, procedure, people, cancellationToken), cancellationToken)
            : (payload["subject"]?.ToString() ?? "", Html.Encode(payload["body"]?.ToString() ?? "").Replace("\n", "<br>\n", StringComparison.Ordinal));
        message.Subject = subject;
        message.Body = new BodyBuilder { HtmlBody = body }.ToMessageBody();
        return message;
    }

    /// <summary>
    /// The subject the message has (or had) when composed, for the outbox list; null when it cannot be composed (its
    /// template is gone or broken), which sending reports by itself.
    /// </summary>
    public async Task<string?> SubjectAsync(OutboxMessage outbox, CancellationToken cancellationToken)
    {
        var payload = JsonNode.Parse(outbox.Payload)?.AsObject() ?? [];
        if (payload["template"]?.GetValue<string>() is not { } key)
        {
            return payload["subject"]?.ToString();
        }
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var people = await RecipientResolver.PeopleAsync(db, NamedIn(payload), cancellationToken);
            return (await RenderAsync(key, await ModelAsync(db, outbox, payload, null, people, cancellationToken), cancellationToken)).Subject;
        }
        catch (UndeliverableEmailException)
        {
            return null;
        }
    }

    /// <summary>The configured sender.</summary>
    public string From => smtp.Value.From;

    /// <summary>Stable per outbox id: <c>{id}@{the sender's domain}</c>.</summary>
    public string MessageId(string outboxId)
    {
        var from = MailboxAddress.Parse(smtp.Value.From).Address;
        return $"{outboxId}@{from[(from.IndexOf('@') + 1)..]}";
    }

    private async Task<(string Subject, string Body)> RenderAsync(string key, Dictionary<string, object?> model, CancellationToken cancellationToken)
    {
        if (!EmailTemplateStore.IsKnown(key))
        {
            throw new UndeliverableEmailException($"no e-mail template '{key}'");
        }
        var (template, _) = await templates.GetAsync(key, cancellationToken);
        return await RenderAsync(template, model);
    }

    /// <summary>A template filled in as a message would be (every value HTML-escaped in the body); also the administrators' preview.</summary>
    /// <exception cref="UndeliverableEmailException">The template does not parse.</exception>
    public static async Task<(string Subject, string Body)> RenderAsync(EmailTemplate template, IReadOnlyDictionary<string, object?> model)
    {
        var context = new TemplateContext();
        foreach (var (name, value) in model)
        {
            context.SetValue(name, value);
        }
        return (await Render(template.Subject, context, NullEncoder.Default), await Render(template.Body, context, Html));
    }

    private static async Task<string> Render(string source, TemplateContext context, TextEncoder encoder) =>
        await Parsed(source).RenderAsync(context, encoder);

    /// <summary>
    /// Templates parsed once per text, not once per message (every notice renders two). Keyed by the text itself, so an
    /// edited template is parsed afresh; a template that does not parse is never kept.
    /// </summary>
    private static IFluidTemplate Parsed(string source)
    {
        if (ParsedTemplates.TryGetValue(source, out var parsed))
        {
            return parsed;
        }
        if (!EmailTemplateStore.Parser.TryParse(source, out parsed, out var error))
        {
            throw new UndeliverableEmailException($"the template does not parse: {error}");
        }
        if (ParsedTemplates.Count >= MaxParsedTemplates)
        {
            // Only templates edited many times over fill it: start again rather than grow.
            ParsedTemplates.Clear();
        }
        return ParsedTemplates.GetOrAdd(source, parsed);
    }

    private const int MaxParsedTemplates = 256;
    private static readonly ConcurrentDictionary<string, IFluidTemplate> ParsedTemplates = new(StringComparer.Ordinal);

    /// <summary>The people a template's text names besides the recipients: the handlers, who urged, who acted.</summary>
    private static IEnumerable<string> NamedIn(JsonObject payload) =>
        [.. Handlers(payload), .. new[] { payload["urgedBy"]?.ToString(), payload["actor"]?.ToString() }.OfType<string>()];

    private static string[] Handlers(JsonObject payload) =>
        payload["handlers"] is JsonArray list ? [.. list.Select(h => h?.ToString()).OfType<string>()] : [];

    /// <param name="people">At least everyone <see cref="NamedIn"/> gives.</param>
    private async Task<Dictionary<string, object?>> ModelAsync(WorkflowsDbContext db, OutboxMessage outbox, JsonObject payload, string? procedureName,
        IReadOnlyDictionary<string, RecipientResolver.Person> people, CancellationToken cancellationToken)
    {
        // The matter's procedure and that version's name in one statement.
        var instance = await db.Instances.AsNoTracking().Where(i => i.Id == outbox.InstanceId)
            .Select(i => new
            {
                i.DefinitionId,
                Name = db.DefinitionVersions.Where(d => d.DefinitionId == i.DefinitionId && d.Version == i.DefinitionVersion).Select(d => d.Name).FirstOrDefault(),
            })
            .FirstOrDefaultAsync(cancellationToken);
        var procedure = procedureName ?? instance?.Name;
        var taskId = payload["taskId"]?.ToString();
        return new Dictionary<string, object?>
        {
            ["procedure"] = procedure ?? instance?.DefinitionId ?? "",
            ["title"] = payload["matter"]?.ToString() ?? payload["title"]?.ToString() ?? procedure ?? instance?.DefinitionId ?? "",
            ["taskTitle"] = payload["title"]?.ToString() ?? "",
            ["step"] = payload["step"]?.ToString() ?? outbox.ActivityId,
            ["handlers"] = string.Join("、", Handlers(payload).Select(h => RecipientResolver.DisplayName(h, people))),
            ["assignedAt"] = LocalTime(payload["assignedAt"]),
            ["dueAt"] = LocalTime(payload["dueAt"]),
            ["hardDueAt"] = LocalTime(payload["hardDueAt"]),
            ["overdueWorkingDays"] = payload["overdueWorkingDays"]?.GetValue<int>() ?? 0,
            ["level"] = payload["level"]?.GetValue<int>() ?? 1,
            ["urgedBy"] = payload["urgedBy"]?.ToString() is { } urgedBy ? RecipientResolver.DisplayName(urgedBy, people) : null,
            ["message"] = payload["message"]?.ToString(),
            ["outcome"] = payload["outcome"]?.ToString(),
            ["actor"] = payload["actor"]?.ToString() is { } actor ? RecipientResolver.DisplayName(actor, people) : null,
            ["result"] = payload["result"]?.ToString(),
            ["link"] = taskId is null
                ? $"{email.Value.PublicUrl.TrimEnd('/')}/instances/{outbox.InstanceId}"
                : $"{email.Value.PublicUrl.TrimEnd('/')}/tasks/{taskId}",
        };
    }

    private string LocalTime(JsonNode? instant) =>
        instant is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? TimeZoneInfo.ConvertTime(value.GetValue<DateTimeOffset>(), _zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)
            : "";
}
