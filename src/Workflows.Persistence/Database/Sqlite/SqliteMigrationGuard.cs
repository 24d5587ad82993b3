using Microsoft.EntityFrameworkCore;

namespace Workflows.Persistence.Database.Sqlite;

/// <summary>
/// EF keeps its SQLite migration lock as a row in <c>__EFMigrationsLock</c>. A process killed while migrating leaves that
/// row behind, and every later start then waits for it forever. The guard is a file beside the database, held
/// exclusively while migrating: the operating system lets go of it when the process dies, so whoever holds it knows no
/// other process is migrating, and a lock row it finds is a dead one, removed.
/// </summary>
internal sealed class SqliteMigrationGuard : IAsyncDisposable
{
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(1);

    private readonly FileStream _file;

    private SqliteMigrationGuard(FileStream file) => _file = file;

    /// <summary>The guard's file for a database file: <c>workflows.db.migrating</c> beside <c>workflows.db</c>.</summary>
    private static string PathFor(string dataSource) => Path.GetFullPath(dataSource) + ".migrating";

    /// <summary>Waits until no other process migrates <paramref name="db"/>'s file, then clears a lock row left by a dead one.</summary>
    /// <param name="waiting">Called once when another process holds the guard.</param>
    public static async Task<SqliteMigrationGuard> AcquireAsync(WorkflowsDbContext db, string dataSource, Action waiting, CancellationToken cancellationToken)
    {
        var path = PathFor(dataSource);
        var told = false;
        while (true)
        {
            try
            {
                var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                var guard = new SqliteMigrationGuard(file);
                await ClearDeadLockAsync(db, cancellationToken);
                return guard;
            }
            catch (IOException) when (!cancellationToken.IsCancellationRequested)
            {
                if (!told)
                {
                    waiting();
                    told = true;
                }
                await Task.Delay(Retry, cancellationToken);
            }
        }
    }

    private static async Task ClearDeadLockAsync(WorkflowsDbContext db, CancellationToken cancellationToken)
    {
        var exists = await db.Database.SqlQueryRaw<int>(
            "SELECT COUNT(*) AS \"Value\" FROM \"sqlite_master\" WHERE \"type\" = 'table' AND \"name\" = '__EFMigrationsLock'").SingleAsync(cancellationToken);
        if (exists > 0)
        {
            await db.Database.ExecuteSqlRawAsync("DELETE FROM \"__EFMigrationsLock\"", cancellationToken);
        }
    }

    public ValueTask DisposeAsync() => _file.DisposeAsync();
}
