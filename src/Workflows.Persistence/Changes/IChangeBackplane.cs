namespace Workflows.Persistence.Changes;

/// <summary>
/// Carries "a step of this matter was saved" between the server nodes sharing one database, so a page open on one
/// node hears of a change made on another within a second. PostgreSQL uses <c>LISTEN/NOTIFY</c>
/// (<see cref="PostgreSqlChangeBackplane"/>); SQL Server and SQLite a short poll of a change table
/// (<see cref="PollingChangeBackplane"/>).
/// </summary>
public interface IChangeBackplane
{
    /// <summary>Tells the other nodes that these matters changed here, and whose work.</summary>
    Task AnnounceAsync(string node, IReadOnlyCollection<MatterChange> changes, CancellationToken cancellationToken);

    /// <summary>
    /// Calls <paramref name="heard"/> with each change another node announced, until cancelled; returns only then, or
    /// throws when the database is lost (the caller listens again after a pause).
    /// </summary>
    Task ListenAsync(string node, Action<MatterChange> heard, CancellationToken cancellationToken);
}
