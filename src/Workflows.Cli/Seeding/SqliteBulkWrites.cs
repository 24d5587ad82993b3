using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Workflows.Cli.Seeding;

/// <summary>
/// While seeding SQLite: commits without waiting for the disk (<c>synchronous=NORMAL</c>, which in WAL mode still
/// cannot corrupt the file; only the last commits before a power cut may be lost, and a seed is simply run again).
/// The seed makes hundreds of thousands of small commits, and waiting for an fsync on each was most of its time.
/// The rows written are the same; the server keeps its own, fully durable, setting on its connections.
/// </summary>
public sealed class SqliteBulkWrites : DbConnectionInterceptor
{
    private const string Pragma = "PRAGMA synchronous=NORMAL;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (connection is SqliteConnection)
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragma;
            command.ExecuteNonQuery();
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (connection is SqliteConnection)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Pragma;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
