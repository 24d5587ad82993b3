namespace Workflows.Server.Documents;

/// <summary>Section <c>Workflows:Documents</c>: how the document dispatcher polls the outbox.</summary>
public sealed class DocumentOptions
{
    public const string SectionName = "Workflows:Documents";

    /// <summary>How often pending document requests are looked for besides the wake-up after each commit.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Tries before a request is marked failed (a template an administrator broke, a database outage).</summary>
    public int MaxAttempts { get; set; } = 5;
}
