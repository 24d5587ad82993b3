using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Workflows.Persistence.Database;
using Workflows.Persistence.Database.SqlServer;

namespace Workflows.Persistence.Tests.Database;

public sealed class MigrationTests
{
    [SkippableTheory]
    [MemberData(nameof(PersistenceFixture.Providers), MemberType = typeof(PersistenceFixture))]
    public async Task Migrations_ApplyOnAnEmptyDatabaseAndMatchTheModel(DatabaseProvider provider)
    {
        await using var fixture = await PersistenceFixture.StartAsync(provider);
        await using var db = fixture.Db();

        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        Assert.False(db.Database.HasPendingModelChanges());
        Assert.Empty(await db.Instances.ToListAsync());
        Assert.Empty(await db.Users.ToListAsync());
    }

    [SkippableTheory]
    [MemberData(nameof(PersistenceFixture.Providers), MemberType = typeof(PersistenceFixture))]
    public async Task DoneOrder_StampsTheDoneRowsWrittenBeforeIt_WithWhenTheTaskClosed(DatabaseProvider provider)
    {
        await using var fixture = await PersistenceFixture.StartAsync(provider);
        await fixture.PublishAsync(Flows.Approval("leave"));
        var closerWithoutARow = await fixture.CompleteAsync(await fixture.StartAsync("leave"), "review", "approve");
        var closerNotMarked = await fixture.CompleteAsync(await fixture.StartAsync("leave"), "review", "approve");
        await using (var db = fixture.Db())
        {
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync("ScaleIndexes");
            // As the store left them before: the last signer's own part never marked done, or no row for the closer at all.
            await db.TaskParticipants.Where(p => p.Kind == Tasks.ParticipantKind.Signer && db.Tasks.Any(t => t.Id == p.TaskId && t.InstanceId == closerNotMarked.Id))
                .ExecuteUpdateAsync(u => u.SetProperty(p => p.Done, false));
            await db.TaskParticipants.Where(p => p.Kind == Tasks.ParticipantKind.Signer && db.Tasks.Any(t => t.Id == p.TaskId && t.InstanceId == closerWithoutARow.Id))
                .ExecuteDeleteAsync();
            await migrator.MigrateAsync();
        }

        await using var after = fixture.Db();
        foreach (var instance in new[] { closerWithoutARow, closerNotMarked })
        {
            var task = await after.Tasks.SingleAsync(t => t.InstanceId == instance.Id);
            var closer = await after.TaskParticipants.SingleAsync(p => p.TaskId == task.Id && p.Kind == Tasks.ParticipantKind.Signer && p.Value == task.ClosedBy);
            Assert.Equal("reviewer", task.ClosedBy);
            Assert.True(closer.Done);
            Assert.False(closer.Active);
            Assert.Equal(task.ClosedAt, closer.DoneAt);
        }
    }

    /// <summary>
    /// Starts a matter whose task has no due date and one whose task has, then migrates down to
    /// <paramref name="migration"/> and up again, so the rows written before the later migrations go through them.
    /// </summary>
    private static async Task<(Core.Runtime.WorkflowInstance Undated, Core.Runtime.WorkflowInstance Dated)> MattersMigratedAgainSinceAsync(
        PersistenceFixture fixture, string migration)
    {
        await fixture.PublishAsync(Flows.Approval("leave"));
        await fixture.PublishAsync(Core.Definitions.WorkflowDefinitionSerializer.Deserialize(Flows.ApprovalJson("dated").Replace(
            "\"title\": { \"type\": \"Literal\", \"value\": \"审核\" },",
            "\"title\": { \"type\": \"Literal\", \"value\": \"审核\" }, \"due\": { \"type\": \"Literal\", \"value\": { \"workingDays\": 3 } },")));
        var undated = await fixture.StartAsync("leave");
        var dated = await fixture.StartAsync("dated");
        await using var db = fixture.Db();
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync(migration);
        await migrator.MigrateAsync();
        return (undated, dated);
    }

    [SkippableTheory]
    [MemberData(nameof(PersistenceFixture.Providers), MemberType = typeof(PersistenceFixture))]
    public async Task OpenOrder_GivesTheParticipantRowsWrittenBeforeIt_TheirTasksDueDateAndCreation(DatabaseProvider provider)
    {
        await using var fixture = await PersistenceFixture.StartAsync(provider);
        var (undatedMatter, datedMatter) = await MattersMigratedAgainSinceAsync(fixture, "MatterTitle");

        await using var after = fixture.Db();
        var rows = await after.TaskParticipants.Join(after.Tasks, p => p.TaskId, t => t.Id, (p, t) => new { p, t })
            .Where(x => x.t.InstanceId == undatedMatter.Id || x.t.InstanceId == datedMatter.Id).ToListAsync();
        Assert.Contains(rows, x => x.t.InstanceId == undatedMatter.Id);
        Assert.Contains(rows, x => x.t.InstanceId == datedMatter.Id);
        Assert.All(rows, x =>
        {
            Assert.Equal(x.t.DueAt ?? Tasks.TaskRecord.Undated, x.p.DueOrder);
            Assert.Equal(x.t.CreatedAt, x.p.TaskCreatedAt);
        });
        Assert.NotNull(rows.First(x => x.t.InstanceId == datedMatter.Id).t.DueAt);
    }

    [SkippableTheory]
    [MemberData(nameof(PersistenceFixture.Providers), MemberType = typeof(PersistenceFixture))]
    public async Task AdminListOrder_GivesTheTasksWrittenBeforeIt_TheirDueDate_UndatedLast(DatabaseProvider provider)
    {
        await using var fixture = await PersistenceFixture.StartAsync(provider);
        var (undatedMatter, datedMatter) = await MattersMigratedAgainSinceAsync(fixture, "OpenOrder");

        await using var after = fixture.Db();
        var undated = await after.Tasks.SingleAsync(t => t.InstanceId == undatedMatter.Id);
        var dated = await after.Tasks.SingleAsync(t => t.InstanceId == datedMatter.Id);
        Assert.Null(undated.DueAt);
        Assert.Equal(Tasks.TaskRecord.Undated, undated.DueOrder);
        Assert.NotNull(dated.DueAt);
        Assert.Equal(dated.DueAt, dated.DueOrder);
    }

    [SkippableTheory]
    [MemberData(nameof(PersistenceFixture.Providers), MemberType = typeof(PersistenceFixture))]
    public async Task InboxSearchText_GivesTheParticipantRowsWrittenBeforeIt_WhatTheStoreWritesNow(DatabaseProvider provider)
    {
        await using var fixture = await PersistenceFixture.StartAsync(provider);
        await fixture.PublishAsync(Flows.Approval("leave"));
        var matter = await fixture.StartAsync("leave");
        async Task<List<(string Key, string SearchText, string DefinitionId, string? StartedBy)>> RowsAsync()
        {
            await using var db = fixture.Db();
            return [.. (await db.TaskParticipants.Join(db.Tasks, p => p.TaskId, t => t.Id, (p, t) => new { p, t }).Where(x => x.t.InstanceId == matter.Id)
                .ToListAsync()).Select(x => ($"{x.p.TaskId}/{x.p.Kind}/{x.p.Value}", x.p.SearchText, x.p.DefinitionId, x.p.StartedBy)).OrderBy(r => r.Item1)];
        }
        var written = await RowsAsync();

        await using (var db = fixture.Db())
        {
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync("AdminListOrder");
            await migrator.MigrateAsync();
        }

        Assert.NotEmpty(written);
        Assert.All(written, r =>
        {
            Assert.StartsWith($"审核{Tasks.TaskParticipantRecord.SearchSeparator}", r.SearchText);
            Assert.Equal("leave", r.DefinitionId);
        });
        Assert.Equal(written, await RowsAsync());
    }

    [SkippableTheory]
    [MemberData(nameof(PersistenceFixture.Providers), MemberType = typeof(PersistenceFixture))]
    public async Task ParticipantTaskStatus_GivesTheParticipantRowsWrittenBeforeIt_TheirMatter_AndHowAndWhenTheirTaskClosed(DatabaseProvider provider)
    {
        await using var fixture = await PersistenceFixture.StartAsync(provider);
        await fixture.PublishAsync(Flows.Approval("leave"));
        await fixture.CompleteAsync(await fixture.StartAsync("leave"), "review", "approve");
        await fixture.Engine.CancelAsync((await fixture.StartAsync("leave")).Id, "withdrawn", "starter");
        await fixture.StartAsync("leave");
        async Task<List<(string Key, string InstanceId, Tasks.TaskStatus Status, DateTimeOffset? ClosedAt)>> RowsAsync()
        {
            await using var db = fixture.Db();
            return [.. (await db.TaskParticipants.ToListAsync()).Select(p => ($"{p.TaskId}/{p.Kind}/{p.Value}", p.InstanceId, p.TaskStatus, p.TaskClosedAt)).OrderBy(r => r.Item1)];
        }
        var written = await RowsAsync();

        await using (var db = fixture.Db())
        {
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync("InboxSearchText");
            await migrator.MigrateAsync();
        }

        Assert.Equal([Tasks.TaskStatus.Open, Tasks.TaskStatus.Completed, Tasks.TaskStatus.Cancelled], written.Select(r => r.Status).Distinct().Order());
        Assert.Equal(3, written.Select(r => r.InstanceId).Distinct().Count());
        Assert.Equal(written, await RowsAsync());
    }

    [SkippableTheory]
    [MemberData(nameof(PersistenceFixture.Providers), MemberType = typeof(PersistenceFixture))]
    public async Task InboxSearchInIndex_GivesTheParticipantRowsWrittenBeforeIt_TheirSearchTextWhole_UnlessItIsTooLongForTheIndex(DatabaseProvider provider)
    {
        await using var fixture = await PersistenceFixture.StartAsync(provider);
        await fixture.PublishAsync(Flows.Approval("leave"));
        await fixture.StartAsync("leave");
        var longTitled = await fixture.StartAsync("leave");
        var longText = Tasks.TaskParticipantRecord.SearchTextOf("审核", new string('长', Tasks.TaskParticipantRecord.IndexedSearchTextLength));
        await using (var db = fixture.Db())
        {
            // As the store writes the rows of a matter whose title is too long for the index.
            await db.TaskParticipants.Where(p => p.InstanceId == longTitled.Id).ExecuteUpdateAsync(s => s
                .SetProperty(p => p.SearchText, longText)
                .SetProperty(p => p.IndexedSearchText, Tasks.TaskParticipantRecord.IndexedSearchTextOf(longText)));
        }
        async Task<List<(string Key, string SearchText, string? IndexedSearchText)>> RowsAsync()
        {
            await using var db = fixture.Db();
            return [.. (await db.TaskParticipants.ToListAsync()).Select(p => ($"{p.TaskId}/{p.Kind}/{p.Value}", p.SearchText, p.IndexedSearchText)).OrderBy(r => r.Item1)];
        }
        var written = await RowsAsync();

        await using (var db = fixture.Db())
        {
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync("ParticipantTaskStatus");
            await migrator.MigrateAsync();
        }

        Assert.Contains(written, r => r.IndexedSearchText is null && r.SearchText == longText);
        Assert.Contains(written, r => r.IndexedSearchText is not null && r.IndexedSearchText == r.SearchText);
        Assert.Equal(written, await RowsAsync());
    }

    /// <summary>A migration that is pending again, and the row EF's SQLite lock leaves when its process is killed mid-way.</summary>
    private static async Task<string> PendingMigrationWithADeadLockAsync(PersistenceFixture fixture)
    {
        await using var db = fixture.Db();
        await db.GetService<IMigrator>().MigrateAsync("AdminListOrder");
        await db.Database.ExecuteSqlRawAsync("""INSERT INTO "__EFMigrationsLock"("Id", "Timestamp") VALUES (1, '2026-12-05 04:29:24+00:00')""");
        return ((SqliteConnection)db.Database.GetDbConnection()).DataSource;
    }

    private static async Task<List<string>> AppliedAsync(PersistenceFixture fixture)
    {
        await using var db = fixture.Db();
        return [.. await db.Database.GetAppliedMigrationsAsync()];
    }

    [Fact]
    public async Task Sqlite_AStartAfterAMigrationWasKilled_ClearsTheDeadLock_AndMigrates()
    {
        await using var fixture = await PersistenceFixture.StartAsync(DatabaseProvider.Sqlite);
        await PendingMigrationWithADeadLockAsync(fixture);
        Assert.DoesNotContain(await AppliedAsync(fixture), m => m.EndsWith("_InboxSearchText", StringComparison.Ordinal));

        // Without the guard this waited for the dead process's lock forever.
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await fixture.Services.MigrateWorkflowDatabaseAsync(patience.Token);

        Assert.Contains(await AppliedAsync(fixture), m => m.EndsWith("_InboxSearchText", StringComparison.Ordinal));
        await using var db = fixture.Db();
        Assert.Equal(0, await db.Database.SqlQueryRaw<int>("""SELECT COUNT(*) AS "Value" FROM "__EFMigrationsLock" """).SingleAsync());
    }

    [Fact]
    public async Task Sqlite_AStartWhileAnotherProcessMigrates_WaitsForIt()
    {
        await using var fixture = await PersistenceFixture.StartAsync(DatabaseProvider.Sqlite);
        var dataSource = await PendingMigrationWithADeadLockAsync(fixture);

        Task migrating;
        // As another live process holds it while it migrates.
        await using (new FileStream(Path.GetFullPath(dataSource) + ".migrating", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            migrating = fixture.Services.MigrateWorkflowDatabaseAsync();
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.False(migrating.IsCompleted);
            Assert.DoesNotContain(await AppliedAsync(fixture), m => m.EndsWith("_InboxSearchText", StringComparison.Ordinal));
        }

        await migrating.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Contains(await AppliedAsync(fixture), m => m.EndsWith("_InboxSearchText", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sqlite_CreatesTheDataFolderAndRunsInWalMode()
    {
        await using var fixture = await PersistenceFixture.StartAsync(DatabaseProvider.Sqlite);
        await using var db = fixture.Db();
        var connection = (SqliteConnection)db.Database.GetDbConnection();

        Assert.True(File.Exists(connection.DataSource));
        await db.Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", await command.ExecuteScalarAsync());
    }

    [Fact]
    public void SqlServerMigrations_ScriptCreatesEveryTableWithARowVersion()
    {
        var options = SqlServerWorkflowsDbContext.Configure(new(), "Server=unused;Database=Workflows").Options;
        using var db = new SqlServerWorkflowsDbContext(options);

        var script = db.GetService<IMigrator>().GenerateScript();

        var tables = db.Model.GetEntityTypes().Select(e => e.GetTableName()).Distinct().ToList();
        Assert.Contains("WorkflowInstances", tables);
        Assert.Contains("AspNetUsers", tables);
        Assert.All(tables, table => Assert.Contains($"CREATE TABLE [{table}]", script));
        Assert.Contains("[RowVersion] rowversion", script);
        Assert.Contains("CREATE UNIQUE INDEX", script);
    }
}
