using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.SqlServer;
using Hangfire.Storage.SQLite;
using Microsoft.Data.Sqlite;
using Workflows.Persistence.Database;

namespace Workflows.Scheduling.Hosting;

/// <summary>Hangfire's job storage in the application's own database, whichever provider that is.</summary>
internal static class HangfireStorageFactory
{
    public static JobStorage Create(DatabaseOptions database, SchedulingOptions scheduling)
    {
        var connectionString = database.ResolveConnectionString();
        return database.FindProvider() switch
        {
            DatabaseProvider.Sqlite => new SQLiteStorage(SqliteFile(connectionString), new SQLiteStorageOptions
            {
                QueuePollInterval = scheduling.SchedulePollingInterval,
            }),
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

    /// <summary>Hangfire's SQLite storage opens the file itself, so it needs the path, created if missing.</summary>
    private static string SqliteFile(string connectionString)
    {
        var path = Path.GetFullPath(new SqliteConnectionStringBuilder(connectionString).DataSource);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }
}
