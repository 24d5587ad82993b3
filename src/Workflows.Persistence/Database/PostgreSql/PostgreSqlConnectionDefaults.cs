using System.Data.Common;
using Npgsql;

namespace Workflows.Persistence.Database.PostgreSql;

/// <summary>
/// What the server adds to a PostgreSQL connection string that does not say otherwise. The statements it runs again and
/// again (the inbox, a task, a completion's writes) are prepared once per connection (<c>Max Auto Prepare</c>) instead of
/// parsed and planned every time; and a pooled connection is not reset each time it is taken again (<c>No Reset On
/// Close</c>), a round trip of <c>DISCARD ALL</c>. Neither EF nor Hangfire leaves session state on a pooled connection:
/// the change backplane's <c>LISTEN</c> has its own unpooled one, and Hangfire's long polling (which would listen) is off.
/// Under load this gave 1.2–1.5 times the completions a second (docs/benchmarks.md).
/// </summary>
public static class PostgreSqlConnectionDefaults
{
    public const int MaxAutoPrepare = 64;

    public static string Apply(string connectionString)
    {
        HashSet<string> given;
        NpgsqlConnectionStringBuilder builder;
        try
        {
            given = new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
                .Select(key => key.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant()).ToHashSet();
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException)
        {
            // Left as it is, so Npgsql names what is wrong with it where it always has, when the first connection opens.
            return connectionString;
        }
        if (!given.Contains("maxautoprepare"))
        {
            builder.MaxAutoPrepare = MaxAutoPrepare;
        }
        if (!given.Contains("noresetonclose"))
        {
            builder.NoResetOnClose = true;
        }
        return builder.ConnectionString;
    }
}
