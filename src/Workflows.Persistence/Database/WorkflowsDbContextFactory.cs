using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Workflows.Persistence.Database.PostgreSql;
using Workflows.Persistence.Database.Sqlite;
using Workflows.Persistence.Database.SqlServer;

namespace Workflows.Persistence.Database;

/// <summary>
/// Pooled contexts of the configured provider's derived type. The provider is read on first use, not at
/// registration, so configuration a host adds late (tests, environment) still counts. Interceptors registered as
/// <see cref="IInterceptor"/> services are added to every context.
/// </summary>
internal sealed class WorkflowsDbContextFactory : IDbContextFactory<WorkflowsDbContext>
{
    private readonly Lazy<Func<WorkflowsDbContext>> _create;

    public WorkflowsDbContextFactory(IOptions<DatabaseOptions> options, IEnumerable<IInterceptor> interceptors, ILoggerFactory? loggerFactory = null)
    {
        _create = new(() => Create(options.Value, [.. interceptors], loggerFactory));
    }

    public WorkflowsDbContext CreateDbContext() => _create.Value();

    private static Func<WorkflowsDbContext> Create(DatabaseOptions options, IInterceptor[] interceptors, ILoggerFactory? loggerFactory)
    {
        var connectionString = options.ResolveConnectionString();
        return options.FindProvider() switch
        {
            DatabaseProvider.Sqlite => Pool(SqliteWorkflowsDbContext.Configure(new(), connectionString, options.SqliteMemoryMapMiB)),
            DatabaseProvider.SqlServer => Pool(SqlServerWorkflowsDbContext.Configure(new(), connectionString)),
            DatabaseProvider.PostgreSql => Pool(PostgreSqlWorkflowsDbContext.Configure(new(), connectionString)),
            _ => throw new InvalidOperationException($"unsupported database provider '{options.Provider}'"),
        };

        Func<WorkflowsDbContext> Pool<TContext>(DbContextOptionsBuilder<TContext> builder) where TContext : WorkflowsDbContext
        {
            builder.AddInterceptors(interceptors);
            // A refused duplicate is how the database decides a race, answered as a 409: EF's own Error lines with a
            // stack trace would cry wolf. Failures nobody expects still surface as exceptions, logged where they land.
            builder.ConfigureWarnings(w => w.Log((CoreEventId.SaveChangesFailed, LogLevel.Debug), (RelationalEventId.CommandError, LogLevel.Debug)));
            if (loggerFactory is not null)
            {
                builder.UseLoggerFactory(loggerFactory);
            }
            var pool = new PooledDbContextFactory<TContext>(builder.Options);
            return pool.CreateDbContext;
        }
    }
}
