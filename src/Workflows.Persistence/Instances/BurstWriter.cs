using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Workflows.Core.Runtime;

namespace Workflows.Persistence.Instances;

/// <summary>
/// Writes a burst in one transaction as plain statements, in place of SaveChanges: first the rows its context tracks,
/// then the statements its projections write themselves. EF's update pipeline (a command object per row, their
/// ordering, SQL built anew, accepting the changes afterwards) was most of the client time of a commit, and a burst's
/// rows are few and simple. Every tracked UPDATE and DELETE must touch exactly one row, with the concurrency tokens as
/// loaded in its WHERE, or nothing is saved (<see cref="WorkflowConcurrencyException"/>); a row version the database
/// keeps is read back into the entry. The statements go through EF's command pipeline, so interceptors and the
/// command log see them.
/// </summary>
/// <remarks>
/// It needs <c>RETURNING</c> (SQLite 3.35, PostgreSQL), by which each statement answers with the rows it touched.
/// PostgreSQL gets the statements as one command, one round trip; SQLite one command each, because it binds every
/// parameter of a command to each of its statements by name. SQL Server writes <c>OUTPUT</c> instead and keeps
/// SaveChanges.
/// </remarks>
internal static class BurstWriter
{
    private static readonly ConcurrentDictionary<IEntityType, TableShape> Shapes = new();

    /// <param name="more">Statements after the tracked rows', in order.</param>
    /// <exception cref="WorkflowConcurrencyException">An UPDATE or DELETE found no row as it was loaded.</exception>
    /// <exception cref="DbUpdateException">The database refused a statement (the inner exception says why).</exception>
    public static async Task SaveAsync(WorkflowsDbContext db, string conflict, IEnumerable<BurstStatement> more, CancellationToken cancellationToken)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var tracked = new List<(EntityEntry Entry, TableShape Shape)>();
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            {
                tracked.Add((entry, Shapes.GetOrAdd(entry.Metadata, type => TableShape.Of(type, sql))));
            }
        }
        // Deletes first, children before parents; then writes, parents before children (the foreign keys decide).
        tracked.Sort((x, y) => Order(x).CompareTo(Order(y)));
        var statements = tracked.Select(t => (BurstStatement)new TrackedRow(t.Entry, t.Shape)).Concat(more).ToList();
        if (statements.Count == 0)
        {
            return;
        }

        var factory = db.GetService<IRelationalCommandBuilderFactory>();
        var commands = new List<(StatementText Text, List<BurstStatement> Statements)>();
        foreach (var statement in statements)
        {
            if (!db.SendsBurstAsOneCommand || commands.Count == 0)
            {
                commands.Add((new StatementText(factory.Create(), sql), []));
            }
            statement.Write(commands[^1].Text);
            commands[^1].Statements.Add(statement);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            var connection = db.GetService<IRelationalConnection>();
            var logger = db.GetService<IRelationalCommandDiagnosticsLogger>();
            foreach (var (text, written) in commands)
            {
                await using var reader = await text.Builder.Build().ExecuteReaderAsync(
                    new RelationalCommandParameterObject(connection, text.Values, null, db, logger, CommandSource.SaveChanges), cancellationToken);
                foreach (var statement in written)
                {
                    if (!await statement.HearAsync(reader.DbDataReader, cancellationToken))
                    {
                        throw new WorkflowConcurrencyException(conflict);
                    }
                    await reader.DbDataReader.NextResultAsync(cancellationToken);
                }
            }
            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not (WorkflowConcurrencyException or OperationCanceledException or DbUpdateException))
        {
            throw new DbUpdateException($"the burst's rows could not be saved: {ex.Message}", ex);
        }
    }

    private static int Order((EntityEntry Entry, TableShape Shape) item) =>
        item.Entry.State == EntityState.Deleted ? -1 - item.Shape.Rank : item.Shape.Rank;

    /// <summary>A tracked row's INSERT, UPDATE or DELETE; it answers one row when it touched one.</summary>
    private sealed class TrackedRow(EntityEntry entry, TableShape shape) : BurstStatement
    {
        private IReadOnlyList<Column> _readBack = [];

        public override void Write(StatementText text) => _readBack = shape.Append(text, entry);

        public override async Task<bool> HearAsync(DbDataReader answer, CancellationToken cancellationToken)
        {
            if (!await answer.ReadAsync(cancellationToken))
            {
                return false;
            }
            for (var i = 0; i < _readBack.Count; i++)
            {
                var column = _readBack[i];
                var stored = answer.GetValue(i);
                entry.Property(column.Property).CurrentValue = column.Mapping.Converter is { } converter ? converter.ConvertFromProvider(stored) : stored;
            }
            return true;
        }
    }

    private sealed record Column(IProperty Property, string Name, RelationalTypeMapping Mapping, bool IsKey, bool IsToken, bool IsGenerated);

    /// <summary>A table's columns as the statements need them, worked out once per entity type.</summary>
    private sealed class TableShape
    {
        private const string Returning = " RETURNING ";

        private TableShape(string table, IReadOnlyList<Column> columns, int rank)
        {
            Table = table;
            Rank = rank;
            Written = [.. columns.Where(c => !c.IsGenerated)];
            Identifying = [.. columns.Where(c => c.IsKey || c.IsToken)];
            Generated = [.. columns.Where(c => c.IsGenerated)];
            _returning = Returning + (Generated.Count == 0 ? "1" : string.Join(", ", Generated.Select(c => c.Name)));
        }

        private readonly string _returning;

        public string Table { get; }
        /// <summary>How deep the table sits under the tables its foreign keys point to: 0 for one that points to none.</summary>
        public int Rank { get; }
        public IReadOnlyList<Column> Written { get; }
        public IReadOnlyList<Column> Identifying { get; }
        /// <summary>A row version the database writes itself (PostgreSQL's xmin): never sent, read back after an insert or update.</summary>
        public IReadOnlyList<Column> Generated { get; }

        public static TableShape Of(IEntityType type, ISqlGenerationHelper sql) => new(
            sql.DelimitIdentifier(type.GetTableName()!, type.GetSchema()),
            [.. type.GetProperties().Select(p => new Column(p, sql.DelimitIdentifier(p.GetColumnName()), p.GetRelationalTypeMapping(),
                p.IsPrimaryKey(), p.IsConcurrencyToken, p.IsConcurrencyToken && p.ValueGenerated == ValueGenerated.OnAddOrUpdate))],
            RankOf(type));

        private static int RankOf(IEntityType type) =>
            type.GetForeignKeys().Select(k => k.PrincipalEntityType).Where(p => p != type).Select(RankOf).DefaultIfEmpty(-1).Max() + 1;

        /// <returns>The columns the statement answers with, besides the row itself.</returns>
        public IReadOnlyList<Column> Append(StatementText text, EntityEntry entry)
        {
            void Where()
            {
                text.Append(" WHERE ");
                for (var i = 0; i < Identifying.Count; i++)
                {
                    var column = Identifying[i];
                    text.Append(i == 0 ? "" : " AND ").Append(column.Name).Append(" = ")
                        .Parameter(column.Mapping, column.Property.IsNullable, entry.Property(column.Property).OriginalValue);
                }
            }

            var readBack = Generated;
            switch (entry.State)
            {
                case EntityState.Added:
                    text.Append("INSERT INTO ").Append(Table).Append(" (");
                    for (var i = 0; i < Written.Count; i++)
                    {
                        text.Append(i == 0 ? "" : ", ").Append(Written[i].Name);
                    }
                    text.Append(") VALUES (");
                    for (var i = 0; i < Written.Count; i++)
                    {
                        var column = Written[i];
                        text.Append(i == 0 ? "" : ", ").Parameter(column.Mapping, column.Property.IsNullable, entry.Property(column.Property).CurrentValue);
                    }
                    text.Append(")");
                    break;
                case EntityState.Modified:
                    text.Append("UPDATE ").Append(Table).Append(" SET ");
                    var first = true;
                    foreach (var column in Written)
                    {
                        var property = entry.Property(column.Property);
                        if (!column.IsKey && property.IsModified)
                        {
                            text.Append(first ? "" : ", ").Append(column.Name).Append(" = ").Parameter(column.Mapping, column.Property.IsNullable, property.CurrentValue);
                            first = false;
                        }
                    }
                    if (first)
                    {
                        // Only the row version changes: the statement still checks it and moves it on.
                        var key = Identifying.First(c => c.IsKey);
                        text.Append(key.Name).Append(" = ").Append(key.Name);
                    }
                    Where();
                    break;
                default:
                    text.Append("DELETE FROM ").Append(Table);
                    Where();
                    readBack = [];
                    break;
            }
            text.Append(readBack.Count == 0 ? Returning + "1" : _returning).EndStatement();
            return readBack;
        }
    }
}

/// <summary>One statement of a burst's write, beside its tracked rows: its text, and what it makes of the rows it answers.</summary>
internal abstract class BurstStatement
{
    public abstract void Write(StatementText text);

    /// <returns>False when the answer says a row was not as the burst loaded it: nothing is saved.</returns>
    public abstract Task<bool> HearAsync(DbDataReader answer, CancellationToken cancellationToken);
}

/// <summary>The text and parameters of one command as its statements are written into it.</summary>
internal sealed class StatementText(IRelationalCommandBuilder builder, ISqlGenerationHelper sql)
{
    public IRelationalCommandBuilder Builder { get; } = builder;
    public Dictionary<string, object?> Values { get; } = [];

    public StatementText Append(string text)
    {
        Builder.Append(text);
        return this;
    }

    /// <summary>A placeholder for <paramref name="value"/>, sent as the mapping says (its converter included).</summary>
    public StatementText Parameter(RelationalTypeMapping mapping, bool nullable, object? value)
    {
        var name = "p" + Values.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Builder.AddParameter(name, sql.GenerateParameterName(name), mapping, nullable);
        Values[name] = value;
        return Append(sql.GenerateParameterNamePlaceholder(name));
    }

    public StatementText Parameter(IProperty property, object? value) => Parameter(property.GetRelationalTypeMapping(), property.IsNullable, value);

    public string Name(IProperty property) => sql.DelimitIdentifier(property.GetColumnName());

    public string Table(IEntityType type) => sql.DelimitIdentifier(type.GetTableName()!, type.GetSchema());

    public StatementText EndStatement() => Append(sql.StatementTerminator).Append(Environment.NewLine);
}
