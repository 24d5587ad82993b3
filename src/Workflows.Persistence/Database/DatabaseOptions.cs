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

    /// <summary>Filled from <c>ConnectionStrings:Workflows</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The provider named by <see cref="Provider"/>, or null when it names none.</summary>
    public DatabaseProvider? FindProvider() =>
        Enum.GetValues<DatabaseProvider>().Cast<DatabaseProvider?>()
            .FirstOrDefault(p => string.Equals(p.ToString(), Provider?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>Connections a node opens to PostgreSQL at most, unless its connection string says otherwise.</summary>
    public const int DefaultPostgreSqlPoolSize = 50;

    public string ResolveConnectionString() => FindProvider() switch
    {
        DatabaseProvider.Sqlite when string.IsNullOrWhiteSpace(ConnectionString) => DefaultSqliteConnectionString,
        DatabaseProvider.PostgreSql when !string.IsNullOrWhiteSpace(ConnectionString) => WithPoolLimit(ConnectionString),
        _ => ConnectionString ?? "",
    };

    /// <summary>
    /// Npgsql opens up to 100 connections, and PostgreSQL accepts 100 by default: under 200 people at once the server's
    /// pool (shared by EF and Hangfire) asked for more than the server allows and sign-ins failed with "too many
    /// clients". With a limit below the server's, a busy moment waits for a free connection instead; 50 leaves room
    /// for a second node and the administrator's tools.
    /// </summary>
    private static string WithPoolLimit(string connectionString)
    {
        var builder = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        return new[] { "Maximum Pool Size", "MaxPoolSize" }.Any(builder.ContainsKey)
            ? connectionString
            : $"{connectionString.TrimEnd().TrimEnd(';')};Maximum Pool Size={DefaultPostgreSqlPoolSize}";
    }
}
