using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using Workflows.Persistence.Instances;
using Workflows.Persistence.Tasks;

namespace Workflows.Persistence.Database.SqlServer;

/// <summary>The production database.</summary>
public sealed class SqlServerWorkflowsDbContext(DbContextOptions<SqlServerWorkflowsDbContext> options) : WorkflowsDbContext(options)
{
    private const int UniqueIndexViolation = 2601;
    private const int UniqueConstraintViolation = 2627;

    internal override InstanceVersionToken InstanceVersion => SqlServerInstanceVersion.Instance;

    // SQL Server answers with OUTPUT, not RETURNING, and there is no server here to prove another dialect against.
    internal override bool WritesBurstsWithReturning => false;

    internal override bool IsUniqueViolation(DbUpdateException exception) =>
        exception.InnerException is SqlException { Number: UniqueIndexViolation or UniqueConstraintViolation };

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // An index key is at most 1,700 bytes here: what the inbox's search checks rides in the inbox's indexes as
        // included columns rather than key columns (the same order either way: the key is unique before them).
        var participants = builder.Entity<TaskParticipantRecord>();
        var searched = TaskParticipantRecordConfiguration.SearchedColumns;
        foreach (var index in participants.Metadata.GetIndexes().Where(i => i.Properties.Any(p => searched.Contains(p.Name))).ToList())
        {
            var key = index.Properties.Select(p => p.Name).Where(name => !searched.Contains(name)).ToArray();
            participants.Metadata.RemoveIndex(index);
            SqlServerIndexBuilderExtensions.IncludeProperties(participants.HasIndex(key), searched);
        }
    }

    public static DbContextOptionsBuilder<SqlServerWorkflowsDbContext> Configure(
        DbContextOptionsBuilder<SqlServerWorkflowsDbContext> builder, string connectionString) =>
        builder.UseSqlServer(connectionString);
}
