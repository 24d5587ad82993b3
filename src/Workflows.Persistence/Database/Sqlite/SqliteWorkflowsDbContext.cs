using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Workflows.Persistence.Instances;

namespace Workflows.Persistence.Database.Sqlite;

/// <summary>The embedded default: one file, WAL mode, instants stored as sortable UTC text.</summary>
public sealed class SqliteWorkflowsDbContext(DbContextOptions<SqliteWorkflowsDbContext> options) : WorkflowsDbContext(options)
{
    private const int ConstraintViolation = 19;
    private const int PrimaryKeyViolation = 1555;
    private const int UniqueViolation = 2067;

    internal override InstanceVersionToken InstanceVersion => SqliteInstanceVersion.Instance;

    internal override bool IsUniqueViolation(DbUpdateException exception) =>
        exception.InnerException is SqliteException
        {
            SqliteErrorCode: ConstraintViolation,
            SqliteExtendedErrorCode: PrimaryKeyViolation or UniqueViolation,
        };

    public static DbContextOptionsBuilder<SqliteWorkflowsDbContext> Configure(
        DbContextOptionsBuilder<SqliteWorkflowsDbContext> builder, string connectionString) =>
        builder.UseSqlite(connectionString).AddInterceptors(SqlitePragmas.Instance);

    // EF cannot compare or order DateTimeOffset on SQLite; as fixed-width UTC text it can (due timers, outbox).
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTextConverter>();
}
