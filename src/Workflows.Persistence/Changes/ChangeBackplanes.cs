using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Workflows.Persistence.Database;

namespace Workflows.Persistence.Changes;

/// <summary>The backplane <see cref="ChangeOptions.Backplane"/> and the database provider call for, or none.</summary>
public sealed class ChangeBackplanes(IOptions<ChangeOptions> options, IOptions<DatabaseOptions> database, IDbContextFactory<WorkflowsDbContext> contexts, TimeProvider time)
{
    private readonly Lazy<IChangeBackplane?> _configured = new(() => Choose(options.Value, database.Value, contexts, time));

    /// <summary>Null when nodes need not tell each other (one node on SQLite, or <c>None</c>).</summary>
    public IChangeBackplane? Configured => _configured.Value;

    private static IChangeBackplane? Choose(ChangeOptions options, DatabaseOptions database, IDbContextFactory<WorkflowsDbContext> contexts, TimeProvider time)
    {
        var provider = database.FindProvider();
        var kind = options.Backplane.Trim().ToLowerInvariant();
        if (kind == "auto")
        {
            kind = provider switch
            {
                DatabaseProvider.PostgreSql => "notify",
                DatabaseProvider.SqlServer => "poll",
                _ => "none",
            };
        }
        return kind switch
        {
            "notify" when provider == DatabaseProvider.PostgreSql => new PostgreSqlChangeBackplane(database.ResolveConnectionString()),
            "notify" => throw new InvalidOperationException($"{ChangeOptions.SectionName}:Backplane=Notify needs PostgreSQL; use Poll on {provider}"),
            "poll" => new PollingChangeBackplane(contexts, time, options.PollInterval),
            "none" => null,
            _ => throw new InvalidOperationException($"{ChangeOptions.SectionName}:Backplane must be Auto, Notify, Poll or None, not '{options.Backplane}'"),
        };
    }
}
