using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Workflows.Core.Runtime;
using Workflows.Persistence.Database;
using Workflows.Persistence.Instances;

namespace Workflows.Persistence.Tests.Instances;

public sealed class OutboxQueriesTests
{
    [SkippableTheory]
    [MemberData(nameof(PersistenceFixture.Providers), MemberType = typeof(PersistenceFixture))]
    public async Task PendingOfOneKind_IsSoughtByStateAndKind_PastTheEmailsAServerWithoutSmtpKeepsPending(DatabaseProvider provider)
    {
        await using var fixture = await PersistenceFixture.StartAsync(provider);
        await using var db = fixture.Db();
        var at = DateTimeOffset.UtcNow;
        db.Instances.Add(new InstanceRecord { Id = "matter", DefinitionId = "procedure", State = "{}", CreatedAt = at, UpdatedAt = at });
        OutboxMessage Message(string id, string kind, OutboxState state) =>
            new() { Id = id, InstanceId = "matter", Kind = kind, State = state, CreatedAt = at, NextAttemptAt = kind == SideEffectKinds.Email ? null : at };
        db.Outbox.AddRange(Enumerable.Range(0, 50).Select(i => Message($"written-to-a-file-{i}", SideEffectKinds.Email, OutboxState.Pending)));
        db.Outbox.AddRange(Message("document", SideEffectKinds.Document, OutboxState.Pending), Message("issued", SideEffectKinds.Document, OutboxState.Sent));
        await db.SaveChangesAsync();

        var pending = db.Outbox.AsNoTracking().PendingOfKind(SideEffectKinds.Document);

        Assert.Equal(["document"], await pending.Select(o => o.Id).ToListAsync());
        // The index's key names the kind: the poll reads its own rows, not every Pending e-mail with a filter after.
        var plan = await PlanAsync(db, pending.CreateDbCommand(), provider);
        if (provider == DatabaseProvider.Sqlite)
        {
            // Either index keyed on both (the dispatchers' or the outbox list's by state) seeks only this kind's rows.
            Assert.Contains(plan, line => line.Contains("USING INDEX IX_Outbox_", StringComparison.Ordinal)
                && line.Contains("State=?", StringComparison.Ordinal) && line.Contains("Kind=?", StringComparison.Ordinal));
        }
        else
        {
            Assert.Contains(plan, line => line.Contains("Index Cond", StringComparison.Ordinal) && line.Contains("\"Kind\"", StringComparison.Ordinal));
        }
    }

    /// <summary>The database's plan for <paramref name="query"/>, one line per step. PostgreSQL is kept off sequential scans,
    /// which it would rightly choose for a table this small.</summary>
    private static async Task<List<string>> PlanAsync(WorkflowsDbContext db, DbCommand query, DatabaseProvider provider)
    {
        await db.Database.OpenConnectionAsync();
        if (provider == DatabaseProvider.PostgreSql)
        {
            await db.Database.ExecuteSqlRawAsync("SET enable_seqscan = off");
        }
        await using var explain = db.Database.GetDbConnection().CreateCommand();
        explain.CommandText = (provider == DatabaseProvider.Sqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN ") + query.CommandText;
        foreach (DbParameter parameter in query.Parameters)
        {
            var copy = explain.CreateParameter();
            (copy.ParameterName, copy.Value) = (parameter.ParameterName, parameter.Value);
            explain.Parameters.Add(copy);
        }
        var lines = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(reader.FieldCount - 1));
        }
        return lines;
    }
}
