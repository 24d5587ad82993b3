using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Workflows.Persistence.Database.Sqlite;

namespace Workflows.Persistence.Database;

/// <summary>The database cannot be used by this build: unreachable, newer than the build, or not yet migrated.</summary>
public sealed class DatabaseStartupException(string message, Exception? inner = null) : Exception(message, inner);

public static class DatabaseInitializer
{
    /// <summary>How long one migration statement may run (a backfill over a year of tasks is minutes, not seconds).</summary>
    public static readonly TimeSpan MigrationTimeout = TimeSpan.FromHours(1);

    /// <summary>Prepares the database at start, migrating it when <see cref="DatabaseOptions.MigrateAtStart"/> (the default).</summary>
    /// <exception cref="DatabaseStartupException">See <see cref="PrepareWorkflowDatabaseAsync"/>.</exception>
    public static Task MigrateWorkflowDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default) =>
        services.PrepareWorkflowDatabaseAsync(services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateAtStart, cancellationToken);

    /// <summary>
    /// Makes sure the schema fits this build before serving: refuses a schema newer than the build (an older build
    /// started on an upgraded database), creates or migrates it when <paramref name="migrate"/>, and otherwise
    /// refuses pending migrations. For SQLite the folder of the database file is created first.
    /// </summary>
    /// <exception cref="DatabaseStartupException">The message names the provider, the server and database, and what to do.</exception>
    public static async Task PrepareWorkflowDatabaseAsync(this IServiceProvider services, bool migrate, CancellationToken cancellationToken)
    {
        var provider = services.GetRequiredService<IOptions<DatabaseOptions>>().Value.FindProvider();
        var logger = services.GetService<ILoggerFactory>()?.CreateLogger(typeof(DatabaseInitializer));
        var contexts = services.GetRequiredService<IDbContextFactory<WorkflowsDbContext>>();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        if (connection is SqliteConnection sqlite)
        {
            CreateFolderOf(sqlite.DataSource);
            await db.Database.ExecuteSqlRawAsync(Sqlite.SqlitePragmas.WriteAheadLog, cancellationToken);
        }
        var target = $"the {provider} database '{connection.Database}' on '{connection.DataSource}'";
        try
        {
            var known = db.Database.GetMigrations().ToList();
            var applied = await db.Database.CanConnectAsync(cancellationToken)
                ? (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).ToList()
                : [];
            if (applied.Except(known).ToList() is { Count: > 0 } unknown)
            {
                throw new DatabaseStartupException(
                    $"{target} has a newer schema than this build (migrations it does not know: {string.Join(", ", unknown)}); start the build that upgraded it, or restore a backup taken before the upgrade");
            }
            var pending = known.Except(applied).ToList();
            if (pending.Count == 0)
            {
                return;
            }
            if (!migrate)
            {
                throw new DatabaseStartupException(
                    $"{target} needs migrations {string.Join(", ", pending)}; run the server once with --migrate-only (or set Workflows:Database:MigrateAtStart=true)");
            }
            // A migration that fills a new column rewrites every row of a table: after a year of use that takes longer
            // than a query may.
            db.Database.SetCommandTimeout(MigrationTimeout);
            await using var guard = connection is SqliteConnection file && IsFile(file.DataSource)
                ? await SqliteMigrationGuard.AcquireAsync(db, file.DataSource,
                    () => logger?.LogWarning("Another process is migrating {Target}; waiting for it", target), cancellationToken)
                : null;
            await db.Database.MigrateAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or TimeoutException)
        {
            throw new DatabaseStartupException($"cannot use {target}: {ex.Message}", ex);
        }
    }

    /// <summary>A plain file path, not an in-memory database or a <c>file:</c> URI.</summary>
    private static bool IsFile(string dataSource) =>
        dataSource is not ("" or ":memory:") && !dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase);

    private static void CreateFolderOf(string dataSource)
    {
        if (!IsFile(dataSource))
        {
            return;
        }
        var folder = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }
    }
}
