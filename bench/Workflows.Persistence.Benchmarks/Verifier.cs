using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Workflows.Persistence.Benchmarks.Baseline;
using Workflows.Persistence.Database;

namespace Workflows.Persistence.Benchmarks;

/// <summary>
/// After a measurement (untimed): the database holds exactly what N completed approvals leave behind, table by table,
/// as the engine wrote them for the calibration instance. Both sides are held to the same counts, so a run in which
/// the engine writes a row the baseline does not (or the other way round) stops with the table and both numbers; the
/// baseline's rows are also compared column by column, so a column it leaves at its default stops the run by name.
/// </summary>
public static class Verifier
{
    /// <summary>What is counted, and how many rows of it one completed approval leaves.</summary>
    private static (string Sql, Func<BurstTemplates, long> PerInstance)[] Counted =>
    [
        ("""SELECT COUNT(*) FROM "WorkflowInstances" """, _ => 1),
        ("""SELECT COUNT(*) FROM "WorkflowInstances" WHERE "Status" = 'Completed' AND "FinishedAt" IS NOT NULL""", _ => 1),
        ("""SELECT COUNT(*) FROM "Bookmarks" """, _ => 0),
        ("""SELECT COUNT(*) FROM "Journal" """, t => t.JournalRowsPerInstance),
        ("""SELECT COUNT(*) FROM "Outbox" """, t => t.OutboxRowsPerInstance),
        ("""SELECT COUNT(*) FROM "Tasks" """, t => t.TasksPerInstance),
        ("""SELECT COUNT(*) FROM "Tasks" WHERE "ClosedAt" IS NOT NULL""", t => t.TasksPerInstance),
        ("""SELECT COUNT(*) FROM "TaskParticipants" """, t => t.ParticipantsPerInstance),
        ("""SELECT COUNT(*) FROM "Timers" """, _ => 0),
    ];

    /// <summary>The rows <see cref="VerifyAsync"/> counts, as the database holds them now.</summary>
    public static async Task<IReadOnlyList<long>> CountAsync(FreshDatabase database, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(database, cancellationToken);
        var counts = new List<long>();
        foreach (var (sql, _) in Counted)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            counts.Add(Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken)));
        }
        return counts;
    }

    /// <param name="before">The database's counts before the measurement (<see cref="CountAsync"/>).</param>
    /// <param name="rowsLikeTheCalibration">
    /// Also compare the newest instance's rows, column by column, with what the engine wrote for the calibration instance
    /// (the baseline's, which copies them; the engine's own rows carry per-run text, such as the dates in its e-mails).
    /// </param>
    public static async Task VerifyAsync(FreshDatabase database, IReadOnlyList<long> before, int instances, BurstTemplates templates, string who,
        CancellationToken cancellationToken, bool rowsLikeTheCalibration = false)
    {
        var counts = await CountAsync(database, cancellationToken);
        var counted = Counted;
        for (var i = 0; i < counted.Length; i++)
        {
            var expected = before[i] + instances * counted[i].PerInstance(templates);
            if (counts[i] != expected)
            {
                throw new InvalidOperationException(
                    $"{who}: `{counted[i].Sql.Trim()}` gave {counts[i]}, expected {expected} ({before[i]} before, and what the engine wrote for the " +
                    $"calibration instance, times {instances}): the engine and the baseline no longer write the same rows; fix the baseline before measuring");
            }
        }
        if (rowsLikeTheCalibration)
        {
            await using var connection = await OpenAsync(database, cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = """SELECT "Id" FROM "WorkflowInstances" ORDER BY "CreatedAt" DESC, "Id" LIMIT 1""";
            var instanceId = (string)(await command.ExecuteScalarAsync(cancellationToken))!;
            var rows = await InstanceRows.ReadAsync(connection, instanceId, cancellationToken);
            var differences = rows.DifferencesFrom(templates.FinalRows).ToList();
            if (differences.Count > 0)
            {
                throw new InvalidOperationException(
                    $"{who}: instance {instanceId} differs from what the engine wrote for the calibration instance; " +
                    "the engine and the baseline no longer write the same rows; fix the baseline before measuring:\n  " + string.Join("\n  ", differences));
            }
        }
    }

    private static async Task<DbConnection> OpenAsync(FreshDatabase database, CancellationToken cancellationToken)
    {
        DbConnection connection = database.Provider == DatabaseProvider.Sqlite
            ? new SqliteConnection(database.ConnectionString)
            : new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}
