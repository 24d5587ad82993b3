namespace Workflows.Designer.Services;

/// <summary>E-mail administration: templates, a test message, the outbox (/api/email/*).</summary>
public interface IMailAdminClient
{
    IReadOnlyList<string> TemplateKeys { get; }

    Task<EmailTemplateView> GetTemplateAsync(string key, CancellationToken cancellationToken);

    /// <summary>The template filled in with sample values, as a message would be; syntax errors instead when it does not parse.</summary>
    Task<TemplatePreview> PreviewAsync(string key, string subject, string body, CancellationToken cancellationToken);

    Task<TemplateSaved> SaveTemplateAsync(string key, string subject, string body, CancellationToken cancellationToken);

    Task<SmtpTestOutcome> SendTestAsync(string recipient, CancellationToken cancellationToken);

    /// <summary>A page of e-mails, the newest first.</summary>
    /// <param name="state">Pending, Sending, Sent or Failed; null for every state.</param>
    /// <param name="page">From 0.</param>
    Task<OutboxView> OutboxAsync(string? state, int page, int pageSize, CancellationToken cancellationToken);

    /// <summary>Sends a Failed message again; refused for any other state.</summary>
    Task<AdminResult> RetryAsync(string messageId, CancellationToken cancellationToken);
}

public sealed record EmailTemplateView(string Key, string Subject, string Body, bool IsDefault);

/// <summary>Where a Liquid part does not parse: the part, line, column and the parser's message.</summary>
public sealed record TemplateProblem(string Part, int? Line, int? Column, string Message);

/// <summary>A rendering of a template: a subject (e-mail only) and HTML; or the problems that stopped it.</summary>
public sealed record TemplatePreview(string? Subject, string? Html, IReadOnlyList<TemplateProblem> Problems);

/// <summary>Saved, or refused: with the syntax problems, or another reason (<see cref="Refused"/>).</summary>
public sealed record TemplateSaved(bool Succeeded, IReadOnlyList<TemplateProblem> Problems, string? Refused = null);

/// <param name="Delivery">smtp, or file when no SMTP server is configured (then <paramref name="File"/> names the .eml).</param>
public sealed record SmtpTestOutcome(bool Sent, string? Delivery, string? File, string? Error);

/// <param name="Summary">The subject the message is sent with; null when it cannot be composed.</param>
/// <param name="PickupFile">The .eml file the message was written to because no SMTP server is configured; null when it was not.</param>
public sealed record OutboxEntry(
    string Id, string InstanceId, string ActivityId, string State, int Attempts, DateTimeOffset CreatedAt,
    DateTimeOffset? NextAttemptAt, string? LastError, string? Summary, string? MatterTitle = null, string? Template = null,
    string? PickupFile = null);

/// <param name="Total">How many e-mails match, counted up to a limit.</param>
/// <param name="TotalCapped">More match than <paramref name="Total"/>: the count stopped at its limit.</param>
public sealed record OutboxView(IReadOnlyList<OutboxEntry> Items, int Total, bool TotalCapped);

public static class OutboxStates
{
    public const string Pending = "Pending";
    public const string Sending = "Sending";
    public const string Sent = "Sent";
    public const string Failed = "Failed";

    public static readonly IReadOnlyList<string> All = [Pending, Sending, Sent, Failed];
}
