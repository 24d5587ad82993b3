using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Workflows.Persistence.Database;

namespace Workflows.Persistence.Benchmarks;

/// <summary>After a measurement (untimed): the database holds exactly what N completed approvals leave behind.</summary>
public static class Verifier
{
    public static async Task VerifyAsync(FreshDatabase database, int instances, int journalRowsPerInstance, string who, CancellationToken cancellationToken)
    {
        await using DbConnection connection = database.Provider == DatabaseProvider.Sqlite
            ? new SqliteConnection(database.ConnectionString)
            : new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        var expected = new (string Sql, long Count)[]
        {
            ("""SELECT COUNT(*) FROM "WorkflowInstances" """, instances),
            ("""SELECT COUNT(*) FROM "WorkflowInstances" WHERE "Status" = 'Completed' AND "FinishedAt" IS NOT NULL""", instances),
            ("""SELECT COUNT(*) FROM "Bookmarks" """, 0),
            ("""SELECT COUNT(*) FROM "Journal" """, (long)instances * journalRowsPerInstance),
            ("""SELECT COUNT(*) FROM "Outbox" """, 0),
        };
        foreach (var (sql, count) in expected)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            var actual = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken));
            if (actual != count)
            {
                throw new InvalidOperationException($"{who}: `{sql.Trim()}` gave {actual}, expected {count}");
            }
        }
    }
}
