using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Workflows.Persistence.Instances;

namespace Workflows.Persistence.Database.Sqlite;

/// <summary>The embedded default: one file, WAL mode, instants stored as sortable UTC text.</summary>
public sealed class SqliteWorkflowsDbContext(DbContextOptions<SqliteWorkflowsDbContext> options) : WorkflowsDbContext(options)
{
    private const int ConstraintViolation = 19;
    private const int PrimaryKeyViolation = 1555;
    private const int UniqueViolation = 2067;

    internal override InstanceVersionToken InstanceVersion => SqliteInstanceVersion.Instance;

    // In process there is no round trip to save, and it binds every parameter of a command to each of its statements.
    internal override bool SendsBurstAsOneCommand => false;

    internal override bool IsUniqueViolation(DbUpdateException exception) =>
        exception.InnerException is SqliteException
        {
            SqliteErrorCode: ConstraintViolation,
            SqliteExtendedErrorCode: PrimaryKeyViolation or UniqueViolation,
        };

    public static DbContextOptionsBuilder<SqliteWorkflowsDbContext> Configure(
        DbContextOptionsBuilder<SqliteWorkflowsDbContext> builder, string connectionString, int memoryMapMiB = DatabaseOptions.DefaultSqliteMemoryMapMiB) =>
        builder.UseSqlite(connectionString).AddInterceptors(new SqlitePragmas(memoryMapMiB));

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // EF cannot compare or order DateTimeOffset on SQLite; as fixed-width UTC text it can (due timers, outbox).
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTextConverter>();
        // Stored as before (0 or 1), but compared as "= 1": SQLite uses an index on a flag for "col = 1", never for a
        // bare "WHERE col", which is what EF writes for a plain bool (the inbox reads its page in index order through Active).
        configurationBuilder.Properties<bool>().HaveConversion<BoolToZeroOneConverter<long>>();
    }
}
