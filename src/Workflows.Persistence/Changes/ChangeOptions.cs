namespace Workflows.Persistence.Changes;

/// <summary>Section <c>Workflows:Changes</c>: how nodes sharing a database tell each other of saved steps.</summary>
public sealed class ChangeOptions
{
    public const string SectionName = "Workflows:Changes";

    /// <summary>
    /// <c>Auto</c> (default): <c>Notify</c> on PostgreSQL, <c>Poll</c> on SQL Server, <c>None</c> on SQLite (one node);
    /// or name one of <c>Notify</c> (PostgreSQL only), <c>Poll</c>, <c>None</c>.
    /// </summary>
    public string Backplane { get; set; } = "Auto";

    /// <summary>How often <c>Poll</c> reads the change table; a change reaches other nodes within about this.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(400);
}
