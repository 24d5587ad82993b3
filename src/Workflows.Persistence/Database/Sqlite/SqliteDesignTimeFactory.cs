using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Workflows.Persistence.Database.Sqlite;

/// <summary>For <c>dotnet ef migrations add … -c SqliteWorkflowsDbContext</c>; no database is opened.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteWorkflowsDbContext>
{
    public SqliteWorkflowsDbContext CreateDbContext(string[] args) =>
        new(SqliteWorkflowsDbContext.Configure(new(), DatabaseOptions.DefaultSqliteConnectionString).Options);
}
