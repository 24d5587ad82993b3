using Microsoft.EntityFrameworkCore.Design;

namespace Workflows.Persistence.Database.PostgreSql;

/// <summary>For <c>dotnet ef migrations add … -c PostgreSqlWorkflowsDbContext</c>; no server is contacted.</summary>
internal sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlWorkflowsDbContext>
{
    public PostgreSqlWorkflowsDbContext CreateDbContext(string[] args) =>
        new(PostgreSqlWorkflowsDbContext.Configure(new(), "Host=localhost;Database=workflows").Options);
}
