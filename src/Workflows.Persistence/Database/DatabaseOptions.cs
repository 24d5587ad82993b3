namespace Workflows.Persistence.Database;

/// <summary>
/// Section <c>Workflows:Database</c>: which database to use. The connection string is the standard
/// <c>ConnectionStrings:Workflows</c>; SQLite needs none (a file under <c>./data</c>).
/// </summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Workflows:Database";
    public const string ConnectionStringName = "Workflows";
    public const string DefaultSqliteConnectionString = "Data Source=./data/workflows.db";

    /// <summary><c>Sqlite</c> (default), <c>SqlServer</c> or <c>PostgreSql</c>, in any letter case.</summary>
    public string Provider { get; set; } = nameof(DatabaseProvider.Sqlite);

    /// <summary>
    /// Apply pending migrations when the server starts (default). Off, a DBA upgrades with <c>--migrate-only</c> and
    /// a server finding pending migrations refuses to start.
    /// </summary>
    public bool MigrateAtStart { get; set; } = true;

    /// <summary>
    /// SQLite only: how much of the database file each connection reads through a memory map (<c>PRAGMA mmap_size</c>),
    /// 0 (the default) for none. A map spares a system call per page while nothing is written; but every commit makes
    /// each other connection drop its map and fault its pages in again, and with people working at once that cost more
    /// than it saved (docs/benchmarks.md, "SQLite's memory map under concurrent writes").
    /// </summary>
    public int SqliteMemoryMapMiB { get; set; } = DefaultSqliteMemoryMapMiB;

    public const int DefaultSqliteMemoryMapMiB = 0;

    /// <summary>Filled from <c>ConnectionStrings:Workflows</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The provider named by <see cref="Provider"/>, or null when it names none.</summary>
    public DatabaseProvider? FindProvider() =>
        Enum.GetValues<DatabaseProvider>().Cast<DatabaseProvider?>()
            .FirstOrDefault(p => string.Equals(p.ToString(), Provider?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The connection string the server uses: SQLite's default file when none is set; PostgreSQL's with <see cref="PostgreSql.PostgreSqlConnectionDefaults"/>.</summary>
    public string ResolveConnectionString() => FindProvider() switch
    {
        DatabaseProvider.Sqlite when string.IsNullOrWhiteSpace(ConnectionString) => DefaultSqliteConnectionString,
        DatabaseProvider.PostgreSql when !string.IsNullOrWhiteSpace(ConnectionString) => PostgreSql.PostgreSqlConnectionDefaults.Apply(ConnectionString),
        _ => ConnectionString ?? "",
    };
}
