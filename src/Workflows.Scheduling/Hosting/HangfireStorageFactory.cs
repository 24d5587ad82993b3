using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.SqlServer;
using Hangfire.Storage.SQLite;
using Microsoft.Data.Sqlite;
using Workflows.Persistence.Database;
using Workflows.Persistence.Database.Sqlite;

namespace Workflows.Scheduling.Hosting;

/// <summary>Hangfire's job storage in the application's own database, whichever provider that is.</summary>
internal static class HangfireStorageFactory
{
    public static JobStorage Create(DatabaseOptions database, SchedulingOptions scheduling)
    {
        var connectionString = database.ResolveConnectionString();
        return database.FindProvider() switch
        {
            DatabaseProvider.Sqlite => Sqlite(SqliteFile(connectionString), scheduling),
            DatabaseProvider.SqlServer => new SqlServerStorage(connectionString, new SqlServerStorageOptions
            {
                QueuePollInterval = TimeSpan.Zero,
                PrepareSchemaIfNecessary = true,
            }),
            DatabaseProvider.PostgreSql => PostgreSql(connectionString, scheduling),
            _ => throw new InvalidOperationException($"unsupported database provider '{database.Provider}'"),
        };
    }

    private static PostgreSqlStorage PostgreSql(string connectionString, SchedulingOptions scheduling)
    {
        var options = new PostgreSqlStorageOptions
        {
            QueuePollInterval = scheduling.SchedulePollingInterval,
            PrepareSchemaIfNecessary = true,
            DistributedLockTimeout = scheduling.AbandonedLockAfter,
        };
        return new PostgreSqlStorage(new Hangfire.PostgreSql.Factories.NpgsqlConnectionFactory(connectionString, options), options);
    }

    private static SQLiteStorage Sqlite(string path, SchedulingOptions scheduling) =>
        new(new SQLiteDbConnectionFactory(() => OpenSqlite(path)), new SQLiteStorageOptions
        {
            QueuePollInterval = scheduling.SchedulePollingInterval,
        });

    /// <summary>
    /// A connection as the storage opens its own (read-write, the file created if missing, one thread at a time, times
    /// as ticks), but waiting for the write lock as the application's connections do (<see cref="SqliteLockWait"/>):
    /// with SQLite's own back-off beside theirs, Hangfire's writers would wait longer for every release than the application's.
    /// </summary>
    private static SQLite.SQLiteConnection OpenSqlite(string path)
    {
        var connection = new SQLite.SQLiteConnection(path, SQLite.SQLiteOpenFlags.ReadWrite | SQLite.SQLiteOpenFlags.Create | SQLite.SQLiteOpenFlags.NoMutex, storeDateTimeAsTicks: true)
        {
            BusyTimeout = SqliteLockWait.Timeout,
        };
        SqliteLockWait.Install(connection.Handle);
        return connection;
    }

    /// <summary>Hangfire's SQLite storage opens the file itself, so it needs the path, created if missing.</summary>
    private static string SqliteFile(string connectionString)
    {
        var path = Path.GetFullPath(new SqliteConnectionStringBuilder(connectionString).DataSource);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }
}
