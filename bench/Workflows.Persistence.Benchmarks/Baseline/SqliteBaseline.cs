using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Workflows.Persistence.Benchmarks.Baseline;

/// <summary>
/// The baseline on Microsoft.Data.Sqlite: a pooled connection per burst with the store's pragmas run on opening (as
/// its connection interceptor does), one transaction, one command per statement in the order EF sends them (the EF
/// SQLite provider does not batch). The UPDATE of the task row and its INSERT use the bookmark id as the task id, as
/// the store's task projection does.
/// </summary>
public sealed class SqliteBaseline(string connectionString, BurstTemplates templates) : AdoBaseline(templates)
{
    /// <summary>The text of the store's SqlitePragmas interceptor, run on every opened connection as it is there (WAL is set once, at migration, for both).</summary>
    public const string Pragmas = "PRAGMA busy_timeout=30000; PRAGMA mmap_size=0;";

    // The store's UtcTextConverter: fixed-width UTC text.
    private const string InstantFormat = "yyyy'-'MM'-'dd' 'HH':'mm':'ss'.'fffffffzzz";

    private const string InsertInstance =
        """INSERT INTO "WorkflowInstances" ("Id", "CorrelationKey", "CreatedAt", "DefinitionId", "DefinitionVersion", "FinishedAt", "StartedBy", "State", "Status", "UpdatedAt", "Version", "Title") """ +
        "VALUES (@id, @correlationKey, @createdAt, @definitionId, @definitionVersion, @finishedAt, @startedBy, @state, @status, @updatedAt, @version, @title)";

    private const string SelectInstance =
        """SELECT "Id", "CorrelationKey", "CreatedAt", "DefinitionId", "DefinitionVersion", "FinishedAt", "StartedBy", "State", "Status", "UpdatedAt", "Version" """ +
        """FROM "WorkflowInstances" WHERE "Id" = @id LIMIT 1""";

    private const string UpdateInstance =
        """UPDATE "WorkflowInstances" SET "CorrelationKey" = @correlationKey, "CreatedAt" = @createdAt, "DefinitionId" = @definitionId, "DefinitionVersion" = @definitionVersion, """ +
        """ "FinishedAt" = @finishedAt, "StartedBy" = @startedBy, "State" = @state, "Status" = @status, "UpdatedAt" = @updatedAt, "Version" = @version """ +
        """WHERE "Id" = @id AND "Version" = @expected""";

    private const string InsertBookmark =
        """INSERT INTO "Bookmarks" ("Id", "ActivityId", "ActivityType", "CreatedAt", "DueAt", "InstanceId", "Kind", "Payload") """ +
        "VALUES (@id, @activityId, @activityType, @createdAt, @dueAt, @instanceId, @kind, @payload)";

    private const string DeleteBookmark = """DELETE FROM "Bookmarks" WHERE "Id" = @id""";

    // The store does not read the instance's timers before a commit: it deletes those nothing plans (none here).
    private const string DeleteUnplannedTimers = """DELETE FROM "Timers" WHERE "InstanceId" = @instanceId""";

    private const string InsertOutbox =
        """INSERT INTO "Outbox" ("Id", "ActivityId", "Attempts", "CreatedAt", "InstanceId", "Kind", "LastError", "NextAttemptAt", "Payload", "State") """ +
        "VALUES (@id, @activityId, @attempts, @createdAt, @instanceId, @kind, @lastError, @nextAttemptAt, @payload, @state)";

    private const string InsertJournal =
        """INSERT INTO "Journal" ("InstanceId", "Sequence", "ActivityId", "ActivityType", "Actor", "At", "Data", "Event", "Message", "Outcome") """ +
        "VALUES (@instanceId, @sequence, @activityId, @activityType, @actor, @at, @data, @event, @message, @outcome)";

    private const string InsertTask =
        """INSERT INTO "Tasks" ("Id", "ActivityId", "Claimed", "ClosedAt", "ClosedBy", "CreatedAt", "DefinitionId", "DueAt", "DueProvisional", "HardDueAt", "InstanceId", """ +
        """ "Mode", "Outcome", "Outcomes", "RemindAt", "State", "Status", "Title", "DueOrder") """ +
        "VALUES (@id, @activityId, @claimed, NULL, NULL, @createdAt, @definitionId, @dueAt, @dueProvisional, @hardDueAt, @instanceId, @mode, NULL, @outcomes, @remindAt, @state, @status, @title, @dueOrder)";

    private const string CloseTask = """UPDATE "Tasks" SET "ClosedAt" = @closedAt, "ClosedBy" = @closedBy, "Outcome" = @outcome, "Status" = @status WHERE "Id" = @id""";

    /// <summary>
    /// A closed task keeps no active participant, its rows say how and when it closed, and the closer's says they did it,
    /// as the store's projection writes them.
    /// </summary>
    private const string CloseParticipants =
        """UPDATE "TaskParticipants" SET "Active" = 0, "TaskStatus" = @status, "TaskClosedAt" = @closedAt, """ +
        """ "Done" = CASE WHEN "Kind" = 'Signer' AND "Value" = @closedBy THEN 1 ELSE "Done" END, """ +
        """ "DoneAt" = CASE WHEN "Kind" = 'Signer' AND "Value" = @closedBy AND NOT "Done" THEN @closedAt ELSE "DoneAt" END WHERE "TaskId" = @id""";

    private const string InsertParticipant =
        """INSERT INTO "TaskParticipants" ("Kind", "TaskId", "Value", "Active", "Done", "DoneAt", "DueOrder", "TaskCreatedAt", "TaskStatus", "TaskClosedAt", """ +
        """ "SearchText", "IndexedSearchText", "DefinitionId", "InstanceId", "StartedBy") """ +
        "VALUES (@kind, @taskId, @value, @active, @done, NULL, @dueOrder, @taskCreatedAt, @taskStatus, NULL, @searchText, @indexedSearchText, @definitionId, @instanceId, @startedBy)";

    public override async Task StartAsync(string instanceId, string[] bookmarkIds, CancellationToken cancellationToken)
    {
        var burst = Templates.Bursts[0];
        var now = Instant(DateTimeOffset.UtcNow);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        Counters.Transactions++;
        Record("BEGIN");
        await using (var insert = Command(connection, transaction, InsertInstance))
        {
            insert.Parameters.AddWithValue("@id", instanceId);
            insert.Parameters.AddWithValue("@correlationKey", DBNull.Value);
            insert.Parameters.AddWithValue("@createdAt", now);
            insert.Parameters.AddWithValue("@definitionId", Templates.DefinitionId);
            insert.Parameters.AddWithValue("@definitionVersion", Templates.DefinitionVersion);
            insert.Parameters.AddWithValue("@finishedAt", DBNull.Value);
            insert.Parameters.AddWithValue("@startedBy", (object?)Templates.StartedBy ?? DBNull.Value);
            insert.Parameters.AddWithValue("@state", Templates.Substitute(burst.State, instanceId, bookmarkIds));
            insert.Parameters.AddWithValue("@status", burst.Status);
            insert.Parameters.AddWithValue("@updatedAt", now);
            insert.Parameters.AddWithValue("@version", 1L);
            insert.Parameters.AddWithValue("@title", (object?)Templates.Title ?? DBNull.Value);
            await ExecuteAsync(insert, cancellationToken);
        }
        await InsertBookmarkAsync(connection, transaction, burst.NewBookmark!, instanceId, bookmarkIds[0], now, cancellationToken);
        await InsertJournalAsync(connection, transaction, burst, instanceId, bookmarkIds, now, cancellationToken);
        await InsertTaskAsync(connection, transaction, burst.NewTask!, instanceId, bookmarkIds, 0, now, cancellationToken);
        await InsertParticipantsAsync(connection, transaction, burst, instanceId, bookmarkIds[0], now, cancellationToken);
        await InsertOutboxAsync(connection, transaction, burst, instanceId, bookmarkIds, now, cancellationToken);
        await CommitAsync(transaction, cancellationToken);
    }

    public override async Task ResumeAsync(string instanceId, string[] bookmarkIds, int task, CancellationToken cancellationToken)
    {
        var burst = Templates.Bursts[task];
        await using var connection = await OpenAsync(cancellationToken);

        // The read that starts every resume: the whole row, as the store's FindAsync loads it.
        string createdAt, definitionId;
        string? correlationKey, startedBy;
        int definitionVersion;
        long version;
        await using (var select = Command(connection, null, SelectInstance))
        {
            select.Parameters.AddWithValue("@id", instanceId);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            Counters.Statements++;
            Counters.Commands++;
            Record(SelectInstance);
            if (!await reader.ReadAsync(cancellationToken))
            {
                throw new InvalidOperationException($"baseline: no instance {instanceId}");
            }
            correlationKey = reader.IsDBNull(1) ? null : reader.GetString(1);
            createdAt = reader.GetString(2);
            definitionId = reader.GetString(3);
            definitionVersion = reader.GetInt32(4);
            _ = reader.IsDBNull(5) ? null : reader.GetString(5);
            startedBy = reader.IsDBNull(6) ? null : reader.GetString(6);
            _ = reader.GetString(7);
            _ = reader.GetString(8);
            _ = reader.GetString(9);
            version = reader.GetInt64(10);
        }

        var now = Instant(DateTimeOffset.UtcNow);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        Counters.Transactions++;
        Record("BEGIN");
        await using (var delete = Command(connection, transaction, DeleteBookmark))
        {
            delete.Parameters.AddWithValue("@id", bookmarkIds[task - 1]);
            ExpectOneRow(await ExecuteAsync(delete, cancellationToken), "bookmark DELETE", instanceId);
        }
        await using (var timers = Command(connection, transaction, DeleteUnplannedTimers))
        {
            timers.Parameters.AddWithValue("@instanceId", instanceId);
            await ExecuteAsync(timers, cancellationToken);
        }
        await InsertJournalAsync(connection, transaction, burst, instanceId, bookmarkIds, now, cancellationToken);
        await using (var close = Command(connection, transaction, CloseTask))
        {
            var closed = burst.ClosedTask!;
            close.Parameters.AddWithValue("@closedAt", now);
            close.Parameters.AddWithValue("@closedBy", (object?)closed.ClosedBy ?? DBNull.Value);
            close.Parameters.AddWithValue("@outcome", (object?)closed.Outcome ?? DBNull.Value);
            close.Parameters.AddWithValue("@status", closed.Status);
            close.Parameters.AddWithValue("@id", bookmarkIds[task - 1]);
            ExpectOneRow(await ExecuteAsync(close, cancellationToken), "task UPDATE", instanceId);
        }
        await using (var closeParticipants = Command(connection, transaction, CloseParticipants))
        {
            var closed = burst.ClosedTask!;
            closeParticipants.Parameters.AddWithValue("@status", closed.Status);
            closeParticipants.Parameters.AddWithValue("@closedAt", now);
            closeParticipants.Parameters.AddWithValue("@closedBy", (object?)closed.ClosedBy ?? DBNull.Value);
            closeParticipants.Parameters.AddWithValue("@id", bookmarkIds[task - 1]);
            await ExecuteAsync(closeParticipants, cancellationToken);
        }
        if (burst.NewTask is { } newTask)
        {
            await InsertTaskAsync(connection, transaction, newTask, instanceId, bookmarkIds, task, now, cancellationToken);
        }
        await using (var update = Command(connection, transaction, UpdateInstance))
        {
            update.Parameters.AddWithValue("@correlationKey", (object?)correlationKey ?? DBNull.Value);
            update.Parameters.AddWithValue("@createdAt", createdAt);
            update.Parameters.AddWithValue("@definitionId", definitionId);
            update.Parameters.AddWithValue("@definitionVersion", definitionVersion);
            update.Parameters.AddWithValue("@finishedAt", burst.Finishes ? now : DBNull.Value);
            update.Parameters.AddWithValue("@startedBy", (object?)startedBy ?? DBNull.Value);
            update.Parameters.AddWithValue("@state", Templates.Substitute(burst.State, instanceId, bookmarkIds));
            update.Parameters.AddWithValue("@status", burst.Status);
            update.Parameters.AddWithValue("@updatedAt", now);
            update.Parameters.AddWithValue("@version", version + 1);
            update.Parameters.AddWithValue("@id", instanceId);
            update.Parameters.AddWithValue("@expected", version);
            ExpectOneRow(await ExecuteAsync(update, cancellationToken), "version-checked UPDATE", instanceId);
        }
        if (burst.NewBookmark is { } next)
        {
            await InsertBookmarkAsync(connection, transaction, next, instanceId, bookmarkIds[task], now, cancellationToken);
            await InsertParticipantsAsync(connection, transaction, burst, instanceId, bookmarkIds[task], now, cancellationToken);
        }
        await InsertOutboxAsync(connection, transaction, burst, instanceId, bookmarkIds, now, cancellationToken);
        await CommitAsync(transaction, cancellationToken);
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var pragmas = connection.CreateCommand();
        pragmas.CommandText = Pragmas;
        await pragmas.ExecuteNonQueryAsync(cancellationToken);
        Counters.ConnectionOpens++;
        Record("OPEN");
        return connection;
    }

    private async Task InsertBookmarkAsync(SqliteConnection connection, SqliteTransaction transaction, BookmarkTemplate bookmark,
        string instanceId, string bookmarkId, string now, CancellationToken cancellationToken)
    {
        await using var insert = Command(connection, transaction, InsertBookmark);
        insert.Parameters.AddWithValue("@id", bookmarkId);
        insert.Parameters.AddWithValue("@activityId", bookmark.ActivityId);
        insert.Parameters.AddWithValue("@activityType", bookmark.ActivityType);
        insert.Parameters.AddWithValue("@createdAt", now);
        insert.Parameters.AddWithValue("@dueAt", DBNull.Value);
        insert.Parameters.AddWithValue("@instanceId", instanceId);
        insert.Parameters.AddWithValue("@kind", bookmark.Kind);
        insert.Parameters.AddWithValue("@payload", bookmark.Payload);
        await ExecuteAsync(insert, cancellationToken);
    }

    private async Task InsertJournalAsync(SqliteConnection connection, SqliteTransaction transaction, BurstTemplate burst,
        string instanceId, string[] bookmarkIds, string now, CancellationToken cancellationToken)
    {
        foreach (var entry in burst.Journal)
        {
            await using var insert = Command(connection, transaction, InsertJournal);
            insert.Parameters.AddWithValue("@instanceId", instanceId);
            insert.Parameters.AddWithValue("@sequence", entry.Sequence);
            insert.Parameters.AddWithValue("@activityId", (object?)entry.ActivityId ?? DBNull.Value);
            insert.Parameters.AddWithValue("@activityType", (object?)entry.ActivityType ?? DBNull.Value);
            insert.Parameters.AddWithValue("@actor", (object?)entry.Actor ?? DBNull.Value);
            insert.Parameters.AddWithValue("@at", now);
            insert.Parameters.AddWithValue("@data", (object?)Templates.Substitute(entry.Data, instanceId, bookmarkIds) ?? DBNull.Value);
            insert.Parameters.AddWithValue("@event", entry.Event);
            insert.Parameters.AddWithValue("@message", (object?)entry.Message ?? DBNull.Value);
            insert.Parameters.AddWithValue("@outcome", (object?)entry.Outcome ?? DBNull.Value);
            await ExecuteAsync(insert, cancellationToken);
        }
    }

    private async Task InsertTaskAsync(SqliteConnection connection, SqliteTransaction transaction, TaskTemplate row,
        string instanceId, string[] bookmarkIds, int index, string now, CancellationToken cancellationToken)
    {
        await using var insert = Command(connection, transaction, InsertTask);
        insert.Parameters.AddWithValue("@id", bookmarkIds[index]);
        insert.Parameters.AddWithValue("@activityId", row.ActivityId);
        insert.Parameters.AddWithValue("@claimed", row.Claimed);
        insert.Parameters.AddWithValue("@createdAt", now);
        insert.Parameters.AddWithValue("@definitionId", Templates.DefinitionId);
        insert.Parameters.AddWithValue("@dueAt", row.DueAt is { } due ? Instant(due) : DBNull.Value);
        insert.Parameters.AddWithValue("@dueProvisional", row.DueProvisional);
        insert.Parameters.AddWithValue("@hardDueAt", row.HardDueAt is { } hard ? Instant(hard) : DBNull.Value);
        insert.Parameters.AddWithValue("@instanceId", instanceId);
        insert.Parameters.AddWithValue("@mode", row.Mode);
        insert.Parameters.AddWithValue("@outcomes", row.Outcomes);
        insert.Parameters.AddWithValue("@remindAt", row.RemindAt is { } remind ? Instant(remind) : DBNull.Value);
        insert.Parameters.AddWithValue("@state", Templates.Substitute(row.State, instanceId, bookmarkIds));
        insert.Parameters.AddWithValue("@status", row.Status);
        insert.Parameters.AddWithValue("@title", row.Title);
        insert.Parameters.AddWithValue("@dueOrder", Instant(row.DueOrder));
        await ExecuteAsync(insert, cancellationToken);
    }

    private async Task InsertParticipantsAsync(SqliteConnection connection, SqliteTransaction transaction, BurstTemplate burst,
        string instanceId, string taskId, string now, CancellationToken cancellationToken)
    {
        foreach (var participant in burst.NewParticipants)
        {
            await using var insert = Command(connection, transaction, InsertParticipant);
            insert.Parameters.AddWithValue("@kind", participant.Kind);
            insert.Parameters.AddWithValue("@taskId", taskId);
            insert.Parameters.AddWithValue("@value", participant.Value);
            insert.Parameters.AddWithValue("@active", participant.Active);
            insert.Parameters.AddWithValue("@done", participant.Done);
            insert.Parameters.AddWithValue("@dueOrder", Instant(participant.DueOrder));
            insert.Parameters.AddWithValue("@taskCreatedAt", now);
            insert.Parameters.AddWithValue("@taskStatus", participant.TaskStatus);
            insert.Parameters.AddWithValue("@searchText", participant.SearchText);
            insert.Parameters.AddWithValue("@indexedSearchText", (object?)participant.IndexedSearchText ?? DBNull.Value);
            insert.Parameters.AddWithValue("@definitionId", participant.DefinitionId);
            insert.Parameters.AddWithValue("@instanceId", instanceId);
            insert.Parameters.AddWithValue("@startedBy", (object?)participant.StartedBy ?? DBNull.Value);
            await ExecuteAsync(insert, cancellationToken);
        }
    }

    private async Task InsertOutboxAsync(SqliteConnection connection, SqliteTransaction transaction, BurstTemplate burst,
        string instanceId, string[] bookmarkIds, string now, CancellationToken cancellationToken)
    {
        foreach (var row in burst.Outbox)
        {
            await using var insert = Command(connection, transaction, InsertOutbox);
            insert.Parameters.AddWithValue("@id", Templates.OutboxId(row, instanceId, bookmarkIds));
            insert.Parameters.AddWithValue("@activityId", row.ActivityId);
            insert.Parameters.AddWithValue("@attempts", row.Attempts);
            insert.Parameters.AddWithValue("@createdAt", now);
            insert.Parameters.AddWithValue("@instanceId", instanceId);
            insert.Parameters.AddWithValue("@kind", row.Kind);
            insert.Parameters.AddWithValue("@lastError", (object?)row.LastError ?? DBNull.Value);
            insert.Parameters.AddWithValue("@nextAttemptAt", row.Scheduled ? now : DBNull.Value);
            insert.Parameters.AddWithValue("@payload", Templates.Substitute(row.Payload, instanceId, bookmarkIds));
            insert.Parameters.AddWithValue("@state", row.State);
            await ExecuteAsync(insert, cancellationToken);
        }
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql) =>
        new(sql, connection, transaction);

    private async Task<int> ExecuteAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        Counters.Statements++;
        Counters.Commands++;
        Record(command.CommandText);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Instant(DateTimeOffset value) => value.ToUniversalTime().ToString(InstantFormat, CultureInfo.InvariantCulture);
}
