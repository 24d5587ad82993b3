using Npgsql;
using NpgsqlTypes;

namespace Workflows.Persistence.Benchmarks.Baseline;

/// <summary>
/// The baseline on Npgsql: a pooled connection per burst, one transaction, and the burst's writes sent as one
/// <see cref="NpgsqlBatch"/> (one round trip), as the store sends them; the version is PostgreSQL's xmin, as
/// in the store, checked in the UPDATE's WHERE clause and returned by the INSERT/UPDATE.
/// </summary>
public sealed class PostgresBaseline(string connectionString, BurstTemplates templates) : AdoBaseline(templates), IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    private const string InsertInstance =
        """INSERT INTO "WorkflowInstances" ("Id", "CorrelationKey", "CreatedAt", "DefinitionId", "DefinitionVersion", "FinishedAt", "StartedBy", "State", "Status", "UpdatedAt", "Title") """ +
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING xmin";

    private const string SelectInstance =
        """SELECT "Id", "CorrelationKey", "CreatedAt", "DefinitionId", "DefinitionVersion", "FinishedAt", "StartedBy", "State", "Status", "UpdatedAt", xmin """ +
        """FROM "WorkflowInstances" WHERE "Id" = $1 LIMIT 1""";

    private const string UpdateInstance =
        """UPDATE "WorkflowInstances" SET "CorrelationKey" = $1, "CreatedAt" = $2, "DefinitionId" = $3, "DefinitionVersion" = $4, "FinishedAt" = $5, """ +
        """ "StartedBy" = $6, "State" = $7, "Status" = $8, "UpdatedAt" = $9 WHERE "Id" = $10 AND xmin = $11 RETURNING xmin""";

    private const string InsertBookmark =
        """INSERT INTO "Bookmarks" ("Id", "ActivityId", "ActivityType", "CreatedAt", "DueAt", "InstanceId", "Kind", "Payload") """ +
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

    private const string DeleteBookmark = """DELETE FROM "Bookmarks" WHERE "Id" = $1""";

    // The store does not read the instance's timers before a commit: it deletes those nothing plans (none here).
    private const string DeleteUnplannedTimers = """DELETE FROM "Timers" WHERE "InstanceId" = $1""";

    private const string InsertJournal =
        """INSERT INTO "Journal" ("InstanceId", "Sequence", "ActivityId", "ActivityType", "Actor", "At", "Data", "Event", "Message", "Outcome") """ +
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";

    private const string InsertTask =
        """INSERT INTO "Tasks" ("Id", "ActivityId", "Claimed", "ClosedAt", "ClosedBy", "CreatedAt", "DefinitionId", "DueAt", "DueProvisional", "HardDueAt", "InstanceId", """ +
        """ "Mode", "Outcome", "Outcomes", "RemindAt", "State", "Status", "Title", "DueOrder") """ +
        "VALUES ($1, $2, $3, NULL, NULL, $4, $5, $6, $7, $8, $9, $10, NULL, $11, $12, $13, $14, $15, $16)";

    private const string CloseTask = """UPDATE "Tasks" SET "ClosedAt" = $1, "ClosedBy" = $2, "Outcome" = $3, "Status" = $4 WHERE "Id" = $5""";

    /// <summary>
    /// A closed task keeps no active participant, its rows say how and when it closed, and the closer's says they did it,
    /// as the store's projection writes them.
    /// </summary>
    private const string CloseParticipants =
        """UPDATE "TaskParticipants" SET "Active" = FALSE, "TaskStatus" = $2, "TaskClosedAt" = $3, """ +
        """ "Done" = CASE WHEN "Kind" = 'Signer' AND "Value" = $4 THEN TRUE ELSE "Done" END, """ +
        """ "DoneAt" = CASE WHEN "Kind" = 'Signer' AND "Value" = $4 AND NOT "Done" THEN $3 ELSE "DoneAt" END WHERE "TaskId" = $1""";

    private const string InsertOutbox =
        """INSERT INTO "Outbox" ("Id", "ActivityId", "Attempts", "CreatedAt", "InstanceId", "Kind", "LastError", "NextAttemptAt", "Payload", "State") """ +
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";

    private const string InsertParticipant =
        """INSERT INTO "TaskParticipants" ("Kind", "TaskId", "Value", "Active", "Done", "DoneAt", "DueOrder", "TaskCreatedAt", "TaskStatus", "TaskClosedAt", """ +
        """ "SearchText", "IndexedSearchText", "DefinitionId", "InstanceId", "StartedBy") VALUES ($1, $2, $3, $4, $5, NULL, $6, $7, $8, NULL, $9, $10, $11, $12, $13)""";

    public override async Task StartAsync(string instanceId, string[] bookmarkIds, CancellationToken cancellationToken)
    {
        var burst = Templates.Bursts[0];
        var now = DateTimeOffset.UtcNow;
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        Counters.Transactions++;
        Record("BEGIN");
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(Statement(InsertInstance,
            Text(instanceId), Text(null), Instant(now), Text(Templates.DefinitionId), Int(Templates.DefinitionVersion), Instant(null),
            Text(Templates.StartedBy), Text(Templates.Substitute(burst.State, instanceId, bookmarkIds)), Text(burst.Status), Instant(now), Text(Templates.Title)));
        AddBookmark(batch, burst.NewBookmark!, instanceId, bookmarkIds[0], now);
        AddJournal(batch, burst, instanceId, bookmarkIds, now);
        AddTask(batch, burst.NewTask!, instanceId, bookmarkIds, 0, now);
        AddParticipants(batch, burst, instanceId, bookmarkIds[0], now);
        AddOutbox(batch, burst, instanceId, bookmarkIds, now);
        await using (var reader = await ExecuteAsync(batch, cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                throw new InvalidOperationException($"baseline: the INSERT of instance {instanceId} returned no version");
            }
            _ = reader.GetFieldValue<uint>(0);
        }
        await CommitAsync(transaction, cancellationToken);
    }

    public override async Task ResumeAsync(string instanceId, string[] bookmarkIds, int task, CancellationToken cancellationToken)
    {
        var burst = Templates.Bursts[task];
        await using var connection = await OpenAsync(cancellationToken);

        // The read that starts every resume: the whole row, as the store's FindAsync loads it.
        DateTimeOffset createdAt;
        string definitionId;
        string? correlationKey, startedBy;
        int definitionVersion;
        uint version;
        await using (var select = new NpgsqlCommand(SelectInstance, connection))
        {
            select.Parameters.Add(Text(instanceId));
            Counters.Statements++;
            Counters.Commands++;
            Record(SelectInstance);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                throw new InvalidOperationException($"baseline: no instance {instanceId}");
            }
            correlationKey = reader.IsDBNull(1) ? null : reader.GetString(1);
            createdAt = reader.GetFieldValue<DateTimeOffset>(2);
            definitionId = reader.GetString(3);
            definitionVersion = reader.GetInt32(4);
            _ = reader.IsDBNull(5) ? (DateTimeOffset?)null : reader.GetFieldValue<DateTimeOffset>(5);
            startedBy = reader.IsDBNull(6) ? null : reader.GetString(6);
            _ = reader.GetString(7);
            _ = reader.GetString(8);
            _ = reader.GetFieldValue<DateTimeOffset>(9);
            version = reader.GetFieldValue<uint>(10);
        }

        var now = DateTimeOffset.UtcNow;
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        Counters.Transactions++;
        Record("BEGIN");
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(Statement(DeleteBookmark, Text(bookmarkIds[task - 1])));
        batch.BatchCommands.Add(Statement(DeleteUnplannedTimers, Text(instanceId)));
        AddJournal(batch, burst, instanceId, bookmarkIds, now);
        var closed = burst.ClosedTask!;
        var close = Statement(CloseTask, Instant(now), Text(closed.ClosedBy), Text(closed.Outcome), Text(closed.Status), Text(bookmarkIds[task - 1]));
        batch.BatchCommands.Add(close);
        batch.BatchCommands.Add(Statement(CloseParticipants, Text(bookmarkIds[task - 1]), Text(closed.Status), Instant(now), Text(closed.ClosedBy)));
        if (burst.NewTask is { } newTask)
        {
            AddTask(batch, newTask, instanceId, bookmarkIds, task, now);
        }
        var update = Statement(UpdateInstance,
            Text(correlationKey), Instant(createdAt), Text(definitionId), Int(definitionVersion), Instant(burst.Finishes ? now : null),
            Text(startedBy), Text(Templates.Substitute(burst.State, instanceId, bookmarkIds)), Text(burst.Status), Instant(now),
            Text(instanceId), new NpgsqlParameter<uint> { TypedValue = version, NpgsqlDbType = NpgsqlDbType.Xid });
        batch.BatchCommands.Add(update);
        if (burst.NewBookmark is { } next)
        {
            AddBookmark(batch, next, instanceId, bookmarkIds[task], now);
            AddParticipants(batch, burst, instanceId, bookmarkIds[task], now);
        }
        AddOutbox(batch, burst, instanceId, bookmarkIds, now);
        await using (var reader = await ExecuteAsync(batch, cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                throw new InvalidOperationException($"baseline: version-checked UPDATE of instance {instanceId} matched no row");
            }
            _ = reader.GetFieldValue<uint>(0);
        }
        ExpectOneRow(batch.BatchCommands[0].RecordsAffected, "bookmark DELETE", instanceId);
        ExpectOneRow(update.RecordsAffected, "version-checked UPDATE", instanceId);
        ExpectOneRow(close.RecordsAffected, "task UPDATE", instanceId);
        await CommitAsync(transaction, cancellationToken);
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        Counters.ConnectionOpens++;
        Record("OPEN");
        return await _dataSource.OpenConnectionAsync(cancellationToken);
    }

    private async Task<NpgsqlDataReader> ExecuteAsync(NpgsqlBatch batch, CancellationToken cancellationToken)
    {
        Counters.Statements += batch.BatchCommands.Count;
        Counters.Commands++;
        if (Trace is not null)
        {
            Record(string.Join(";\n", Enumerable.Select<NpgsqlBatchCommand, string>(batch.BatchCommands, c => c.CommandText)));
        }
        return await batch.ExecuteReaderAsync(cancellationToken);
    }

    private static void AddBookmark(NpgsqlBatch batch, BookmarkTemplate bookmark, string instanceId, string bookmarkId, DateTimeOffset now) =>
        batch.BatchCommands.Add(Statement(InsertBookmark,
            Text(bookmarkId), Text(bookmark.ActivityId), Text(bookmark.ActivityType), Instant(now), Instant(null),
            Text(instanceId), Text(bookmark.Kind), Text(bookmark.Payload)));

    private void AddJournal(NpgsqlBatch batch, BurstTemplate burst, string instanceId, string[] bookmarkIds, DateTimeOffset now)
    {
        foreach (var entry in burst.Journal)
        {
            batch.BatchCommands.Add(Statement(InsertJournal,
                Text(instanceId), new NpgsqlParameter<long> { TypedValue = entry.Sequence }, Text(entry.ActivityId), Text(entry.ActivityType),
                Text(entry.Actor), Instant(now), Text(Templates.Substitute(entry.Data, instanceId, bookmarkIds)), Text(entry.Event),
                Text(entry.Message), Text(entry.Outcome)));
        }
    }

    private void AddTask(NpgsqlBatch batch, TaskTemplate row, string instanceId, string[] bookmarkIds, int index, DateTimeOffset now) =>
        batch.BatchCommands.Add(Statement(InsertTask,
            Text(bookmarkIds[index]), Text(row.ActivityId), Bool(row.Claimed), Instant(now), Text(Templates.DefinitionId), Instant(row.DueAt),
            Bool(row.DueProvisional), Instant(row.HardDueAt), Text(instanceId), Text(row.Mode), Text(row.Outcomes), Instant(row.RemindAt),
            Text(Templates.Substitute(row.State, instanceId, bookmarkIds)), Text(row.Status), Text(row.Title), Instant(row.DueOrder)));

    private static void AddParticipants(NpgsqlBatch batch, BurstTemplate burst, string instanceId, string taskId, DateTimeOffset now)
    {
        foreach (var p in burst.NewParticipants)
        {
            batch.BatchCommands.Add(Statement(InsertParticipant,
                Text(p.Kind), Text(taskId), Text(p.Value), Bool(p.Active), Bool(p.Done), Instant(p.DueOrder), Instant(now), Text(p.TaskStatus),
                Text(p.SearchText), Text(p.IndexedSearchText), Text(p.DefinitionId), Text(instanceId), Text(p.StartedBy)));
        }
    }

    private void AddOutbox(NpgsqlBatch batch, BurstTemplate burst, string instanceId, string[] bookmarkIds, DateTimeOffset now)
    {
        foreach (var row in burst.Outbox)
        {
            batch.BatchCommands.Add(Statement(InsertOutbox,
                Text(Templates.OutboxId(row, instanceId, bookmarkIds)), Text(row.ActivityId), Int(row.Attempts), Instant(now), Text(instanceId),
                Text(row.Kind), Text(row.LastError), Instant(row.Scheduled ? now : null), Text(Templates.Substitute(row.Payload, instanceId, bookmarkIds)),
                Text(row.State)));
        }
    }

    private static NpgsqlParameter Bool(bool value) => new NpgsqlParameter<bool> { TypedValue = value };

    private static NpgsqlBatchCommand Statement(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    private static NpgsqlParameter Text(string? value) => value is null
        ? new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text }
        : new NpgsqlParameter<string> { TypedValue = value, NpgsqlDbType = NpgsqlDbType.Text };

    private static NpgsqlParameter Int(int value) => new NpgsqlParameter<int> { TypedValue = value };

    private static NpgsqlParameter Instant(DateTimeOffset? value) => value is { } instant
        ? new NpgsqlParameter<DateTimeOffset> { TypedValue = instant.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz }
        : new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz };

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
