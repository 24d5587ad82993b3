using Workflows.Designer.Services;
using Workflows.Persistence.Instances;
using Workflows.Scheduling.Email;
using Workflows.Server.Audit;
using Workflows.Server.Email;

namespace Workflows.Server.Ui.Admin;

/// <summary>The e-mail pages, through the same template store, composer, test sender and outbox types as /api/email.</summary>
internal sealed class ServerMailAdminClient(AdminCircuit circuit) : IMailAdminClient
{
    public IReadOnlyList<string> TemplateKeys => EmailTemplateKeys.All;

    public Task<EmailTemplateView> GetTemplateAsync(string key, CancellationToken cancellationToken) => circuit.RunAsync(async (sp, _) =>
    {
        var (template, updatedAt) = await sp.GetRequiredService<EmailTemplateStore>().GetAsync(key, cancellationToken);
        return new EmailTemplateView(key, template.Subject, template.Body, updatedAt is null);
    });

    public Task<TemplatePreview> PreviewAsync(string key, string subject, string body, CancellationToken cancellationToken) => circuit.RunAsync(async (_, _) =>
    {
        var template = new EmailTemplate(key, subject, body);
        if (EmailTemplateStore.FindSyntaxErrors(template) is { Count: > 0 } errors)
        {
            return new TemplatePreview(null, null, ToProblems(errors));
        }
        var (renderedSubject, html) = await EmailComposer.RenderAsync(template, EmailTemplateSample.Model);
        return new TemplatePreview(renderedSubject, html, []);
    });

    public Task<TemplateSaved> SaveTemplateAsync(string key, string subject, string body, CancellationToken cancellationToken) => circuit.RunAsync(async (sp, user) =>
    {
        if (!EmailTemplateStore.IsKnown(key))
        {
            return new TemplateSaved(false, [], $"no e-mail template '{key}'");
        }
        var errors = await sp.GetRequiredService<EmailTemplateStore>().SaveAsync(new EmailTemplate(key, subject, body), user.Identity?.Name, cancellationToken);
        if (errors.Count == 0)
        {
            await sp.GetRequiredService<IAuditTrail>().RecordAsync(AuditActions.EmailTemplateUpdate, key, new { via = "ui" }, cancellationToken);
        }
        return new TemplateSaved(errors.Count == 0, ToProblems(errors));
    });

    public Task<SmtpTestOutcome> SendTestAsync(string recipient, CancellationToken cancellationToken) => circuit.RunAsync(async (sp, _) =>
    {
        var result = await sp.GetRequiredService<SmtpTest>().SendAsync(recipient, cancellationToken);
        return result.Sent is { } sent ? new SmtpTestOutcome(true, sent.Delivery, sent.File, null) : new SmtpTestOutcome(false, null, null, result.Error);
    });

    public Task<OutboxView> OutboxAsync(string? state, int page, int pageSize, CancellationToken cancellationToken) => circuit.RunAsync(async (sp, _) =>
    {
        OutboxState? filter = Enum.TryParse<OutboxState>(state, out var parsed) ? parsed : null;
        var emails = await sp.GetRequiredService<OutboxList>().PageAsync(filter, null, page + 1, pageSize, cancellationToken);
        var matters = await sp.GetRequiredService<Work.MatterFacts>().ForAsync(emails.Items.Select(o => o.InstanceId), cancellationToken);
        return new OutboxView([.. emails.Items.Select(o => new OutboxEntry(
            o.Id, o.InstanceId, o.ActivityId, o.State.ToString(), o.Attempts, o.CreatedAt, o.NextAttemptAt, o.LastError,
            o.Subject, matters.GetValueOrDefault(o.InstanceId)?.Title, o.Payload?["template"]?.ToString(), o.PickupFile))], emails.Total, emails.TotalCapped);
    });

    public Task<AdminResult> RetryAsync(string messageId, CancellationToken cancellationToken) => circuit.RunAsync(async (sp, _) =>
        await sp.GetRequiredService<OutboxRetry>().RetryAsync(messageId, cancellationToken) switch
        {
            RetryOutcome.Retried => await RecordedAsync(sp, AuditActions.OutboxRetry, messageId, cancellationToken),
            RetryOutcome.NotFound => AdminResult.Failed($"no e-mail '{messageId}' in the outbox"),
            _ => AdminResult.Failed($"e-mail '{messageId}' has not failed: only a Failed message is retried by hand"),
        });

    private static IReadOnlyList<TemplateProblem> ToProblems(IReadOnlyList<Scheduling.Email.TemplateSyntaxError> errors) =>
        [.. errors.Select(e => new TemplateProblem(e.Part, e.Line, e.Column, e.Message))];

    private static async Task<AdminResult> RecordedAsync(IServiceProvider sp, string action, string target, CancellationToken cancellationToken)
    {
        await sp.GetRequiredService<IAuditTrail>().RecordAsync(action, target, new { via = "ui" }, cancellationToken);
        return AdminResult.Done;
    }
}
