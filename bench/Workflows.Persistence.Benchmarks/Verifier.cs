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
    /// <param name="rowsLikeTheCalibration">
    /// Also compare one instance's rows, column by column, with what the engine wrote for the calibration instance (the
    /// baseline's, which copies them; the engine's own rows carry per-run text, such as the dates in its e-mails).
    /// </param>
    public static async Task VerifyAsync(FreshDatabase database, int instances, BurstTemplates templates, string who, CancellationToken cancellationToken,
        bool rowsLikeTheCalibration = false)
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
            ("""SELECT COUNT(*) FROM "Journal" """, (long)instances * templates.JournalRowsPerInstance),
            ("""SELECT COUNT(*) FROM "Outbox" """, (long)instances * templates.OutboxRowsPerInstance),
            ("""SELECT COUNT(*) FROM "Tasks" """, (long)instances * templates.TasksPerInstance),
            ("""SELECT COUNT(*) FROM "Tasks" WHERE "ClosedAt" IS NOT NULL""", (long)instances * templates.TasksPerInstance),
            ("""SELECT COUNT(*) FROM "TaskParticipants" """, (long)instances * templates.ParticipantsPerInstance),
            ("""SELECT COUNT(*) FROM "Timers" """, 0),
        };
        foreach (var (sql, count) in expected)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            var actual = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken));
            if (actual != count)
            {
                throw new InvalidOperationException(
                    $"{who}: `{sql.Trim()}` gave {actual}, expected {count} (what the engine wrote for the calibration instance, times {instances}): " +
                    "the engine and the baseline no longer write the same rows; fix the baseline before measuring");
            }
        }
        if (rowsLikeTheCalibration)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = """SELECT "Id" FROM "WorkflowInstances" ORDER BY "Id" LIMIT 1""";
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
}
