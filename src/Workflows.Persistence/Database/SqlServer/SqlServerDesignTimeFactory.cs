using Microsoft.EntityFrameworkCore.Design;

namespace Workflows.Persistence.Database.SqlServer;

/// <summary>For <c>dotnet ef migrations add … -c SqlServerWorkflowsDbContext</c>; no server is contacted.</summary>
internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerWorkflowsDbContext>
{
    public SqlServerWorkflowsDbContext CreateDbContext(string[] args) =>
        new(SqlServerWorkflowsDbContext.Configure(new(), "Server=localhost;Database=Workflows;Integrated Security=true").Options);
}
