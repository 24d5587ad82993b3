using System.Net.Sockets;
using Hangfire;
using MailKit;
using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Workflows.Core.Runtime;
using Workflows.Persistence;
using Workflows.Persistence.Instances;

namespace Workflows.Scheduling.Email;

/// <summary>
/// Delivers one outbox e-mail: claims it (Pending → Sending, so two jobs never send it twice), composes, sends, and
/// marks it Sent; a failure puts it back to Pending with the next attempt after an exponentially growing delay, until
/// <see cref="EmailOptions.MaxAttempts"/> makes it Failed. With no SMTP configured it is written as an .eml file and
/// stays Pending with no next attempt.
/// </summary>
public sealed class OutboxSender(
    IDbContextFactory<WorkflowsDbContext> contexts, EmailComposer composer, Mailer mailer, IBackgroundJobClient jobs,
    TimeProvider time, IOptions<EmailOptions> options, ILogger<OutboxSender> logger)
{
    /// <summary>
    /// How <see cref="OutboxMessage.LastError"/> begins for a message written to the pickup folder because no SMTP server
    /// is configured; the file's path follows.
    /// </summary>
    public const string PickupNote = "no SMTP server configured; written to ";

    /// <summary>The .eml file a message was written to instead of being sent, or null when it was not.</summary>
    public static string? PickupFileOf(OutboxState state, DateTimeOffset? nextAttemptAt, string? lastError) =>
        state == OutboxState.Pending && nextAttemptAt is null && lastError?.StartsWith(PickupNote, StringComparison.Ordinal) == true
            ? lastError[PickupNote.Length..]
            : null;

    /// <summary>A job may run a moment before the time it was scheduled for.</summary>
    private static readonly TimeSpan Early = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Several committed e-mails in one job. One that throws stays claimed until its lease ends, when the sweep gives it
    /// a job of its own; the rest still go.
    /// </summary>
    [AutomaticRetry(Attempts = 0)]
    public async Task SendEachAsync(string[] messageIds, CancellationToken cancellationToken)
    {
        foreach (var id in messageIds)
        {
            try
            {
                await SendAsync(id, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "E-mail {MessageId} could not be sent; the sweep retries it after its lease", id);
            }
        }
    }

    [AutomaticRetry(Attempts = 0)]
    public async Task SendAsync(string messageId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ready = now + Early;
        var claimed = await db.Outbox
            .Where(o => o.Id == messageId && o.Kind == SideEffectKinds.Email && o.NextAttemptAt != null && o.NextAttemptAt <= ready
                && (o.State == OutboxState.Pending || o.State == OutboxState.Sending))
            .ExecuteUpdateAsync(s => s
                .SetProperty(o => o.State, OutboxState.Sending)
                .SetProperty(o => o.Attempts, o => o.Attempts + 1)
                .SetProperty(o => o.NextAttemptAt, now + options.Value.SendingLease), cancellationToken);
        if (claimed == 0)
        {
            return;
        }
        var message = await db.Outbox.FirstAsync(o => o.Id == messageId, cancellationToken);
        try
        {
            var mime = await composer.ComposeAsync(message, cancellationToken);
            var file = await mailer.DeliverAsync(mime, cancellationToken);
            (message.State, message.NextAttemptAt, message.LastError) = file is null
                ? (OutboxState.Sent, (DateTimeOffset?)null, (string?)null)
                : (OutboxState.Pending, null, PickupNote + file);
        }
        catch (UndeliverableEmailException ex)
        {
            logger.LogWarning("E-mail {MessageId} cannot be sent: {Error}", messageId, ex.Message);
            (message.State, message.NextAttemptAt, message.LastError) = (OutboxState.Failed, null, ex.Message);
        }
        catch (Exception ex) when (ex is SmtpCommandException or SmtpProtocolException or ServiceNotConnectedException or SocketException or IOException or TimeoutException)
        {
            var last = message.Attempts >= options.Value.MaxAttempts;
            var next = time.GetUtcNow() + options.Value.RetryDelay(message.Attempts);
            (message.State, message.NextAttemptAt, message.LastError) = last
                ? (OutboxState.Failed, (DateTimeOffset?)null, ex.Message)
                : (OutboxState.Pending, next, ex.Message);
            logger.LogWarning("E-mail {MessageId} attempt {Attempt} failed: {Error}{Next}", messageId, message.Attempts, ex.Message, last ? "; giving up" : $"; next at {next:O}");
            if (!last)
            {
                jobs.Schedule<OutboxSender>(s => s.SendAsync(messageId, CancellationToken.None), next);
            }
        }
        await db.SaveChangesAsync(CancellationToken.None);
    }
}
