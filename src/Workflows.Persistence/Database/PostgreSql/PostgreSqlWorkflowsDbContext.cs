using Microsoft.EntityFrameworkCore;
using Npgsql;
using Workflows.Persistence.Instances;

namespace Workflows.Persistence.Database.PostgreSql;

public sealed class PostgreSqlWorkflowsDbContext(DbContextOptions<PostgreSqlWorkflowsDbContext> options) : WorkflowsDbContext(options)
{
    internal override InstanceVersionToken InstanceVersion => PostgreSqlInstanceVersion.Instance;

    internal override bool IsUniqueViolation(DbUpdateException exception) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public static DbContextOptionsBuilder<PostgreSqlWorkflowsDbContext> Configure(
        DbContextOptionsBuilder<PostgreSqlWorkflowsDbContext> builder, string connectionString) =>
        builder.UseNpgsql(connectionString);

    // timestamptz accepts only UTC values from Npgsql; due dates computed in the office's zone carry +08:00.
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcConverter>();
}
