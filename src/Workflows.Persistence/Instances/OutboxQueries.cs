namespace Workflows.Persistence.Instances;

/// <summary>The outbox queries more than one dispatcher makes, written once so they stay on the outbox's indexes.</summary>
public static class OutboxQueries
{
    /// <summary>
    /// The messages of one kind waiting to be delivered, whatever their next attempt: a seek on the outbox's index on
    /// state and kind, so a poll for documents or batch completions does not read the e-mails a server without SMTP keeps
    /// Pending for good.
    /// </summary>
    public static IQueryable<OutboxMessage> PendingOfKind(this IQueryable<OutboxMessage> outbox, string kind) =>
        outbox.Where(o => o.State == OutboxState.Pending && o.Kind == kind);
}
