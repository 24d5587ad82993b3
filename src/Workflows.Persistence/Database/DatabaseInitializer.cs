using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Workflows.Persistence.Database;

public static class DatabaseInitializer
{
    /// <summary>
    /// Creates the database or brings it up to the latest migration; call once at start, before serving. For SQLite
    /// the folder of the database file is created first.
    /// </summary>
    public static async Task MigrateWorkflowDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var contexts = services.GetRequiredService<IDbContextFactory<WorkflowsDbContext>>();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (db.Database.GetDbConnection() is SqliteConnection sqlite)
        {
            CreateFolderOf(sqlite.DataSource);
        }
        await db.Database.MigrateAsync(cancellationToken);
    }

    private static void CreateFolderOf(string dataSource)
    {
        if (dataSource is "" or ":memory:" || dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
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
