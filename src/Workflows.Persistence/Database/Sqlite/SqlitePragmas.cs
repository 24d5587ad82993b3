using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Workflows.Persistence.Database.Sqlite;

/// <summary>
/// Runs on every opened connection: a second writer waits for the first instead of failing at once (its commit then
/// loses on the version check), by <see cref="SqliteLockWait"/>, or SQLite's busy timeout where that cannot be
/// installed; the memory map is <see cref="DatabaseOptions.SqliteMemoryMapMiB"/>
/// (none by default). WAL, which lets readers go on while a burst commits, is kept in the database file, so
/// <see cref="WriteAheadLog"/> sets it once at start.
/// </summary>
internal sealed class SqlitePragmas(int memoryMapMiB) : DbConnectionInterceptor
{
    public const string WriteAheadLog = "PRAGMA journal_mode=WAL;";

    public string Pragmas { get; } =
        $"PRAGMA busy_timeout={(long)SqliteLockWait.Timeout.TotalMilliseconds}; PRAGMA mmap_size={memoryMapMiB * 1024L * 1024L};";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
        SqliteLockWait.Install((SqliteConnection)connection);
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
        SqliteLockWait.Install((SqliteConnection)connection);
    }
}
