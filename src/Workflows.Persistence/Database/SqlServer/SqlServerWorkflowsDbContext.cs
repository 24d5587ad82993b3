using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using Workflows.Persistence.Instances;

namespace Workflows.Persistence.Database.SqlServer;

/// <summary>The production database.</summary>
public sealed class SqlServerWorkflowsDbContext(DbContextOptions<SqlServerWorkflowsDbContext> options) : WorkflowsDbContext(options)
{
    private const int UniqueIndexViolation = 2601;
    private const int UniqueConstraintViolation = 2627;

    internal override InstanceVersionToken InstanceVersion => SqlServerInstanceVersion.Instance;

    internal override bool IsUniqueViolation(DbUpdateException exception) =>
        exception.InnerException is SqlException { Number: UniqueIndexViolation or UniqueConstraintViolation };

    public static DbContextOptionsBuilder<SqlServerWorkflowsDbContext> Configure(
        DbContextOptionsBuilder<SqlServerWorkflowsDbContext> builder, string connectionString) =>
        builder.UseSqlServer(connectionString);
}
