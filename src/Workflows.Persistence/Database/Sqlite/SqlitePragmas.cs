using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Workflows.Persistence.Database.Sqlite;

/// <summary>
/// Runs on every opened connection: the busy timeout makes a second writer wait for the first instead of failing at
/// once (its commit then loses on the version check). Reading through a memory map (up to 256 MiB of the file) spares
/// a system call per page: an inbox of hundreds of tasks touches a page per task, and on a database of 100,000 tasks
/// those calls were most of the page's time (26 ms against 6 ms warm). The mapped pages are the operating system's file
/// cache, shared by every connection, not the process's own memory. WAL, which lets readers go on while a burst commits, is kept
/// in the database file, so <see cref="WriteAheadLog"/> sets it once at start.
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    public static readonly SqlitePragmas Instance = new();
    public const string Pragmas = "PRAGMA busy_timeout=30000; PRAGMA mmap_size=268435456;";
    public const string WriteAheadLog = "PRAGMA journal_mode=WAL;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
