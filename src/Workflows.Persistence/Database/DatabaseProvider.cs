namespace Workflows.Persistence.Database;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
    PostgreSql,
}
