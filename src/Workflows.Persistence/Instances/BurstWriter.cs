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
/// Writes a burst in one transaction as plain statements, in place of SaveChanges: the rows the store worked out
/// (<see cref="RowChange"/>) and those its context tracks (the instance row, whose version the database keeps), then
/// the statements its projections write themselves. EF's update pipeline (a command object per row, their ordering,
/// SQL built anew, accepting the changes afterwards) was most of the client time of a commit, and a burst's rows are
/// few and simple. Every UPDATE and DELETE must touch exactly one row, with the concurrency tokens as loaded in its
/// WHERE, or nothing is saved (<see cref="WorkflowConcurrencyException"/>); a row version the database keeps is read
/// back into the entry. The statements go through EF's command pipeline, so interceptors and the command log see them.
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

    /// <param name="rows">The rows the store worked out itself, beside those its context tracks.</param>
    /// <param name="more">Statements after the rows', in order.</param>
    /// <exception cref="WorkflowConcurrencyException">An UPDATE or DELETE found no row as it was loaded.</exception>
    /// <exception cref="DbUpdateException">The database refused a statement (the inner exception says why).</exception>
    public static async Task SaveAsync(WorkflowsDbContext db, string conflict, IEnumerable<RowChange> rows, IEnumerable<BurstStatement> more, CancellationToken cancellationToken)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        TableShape ShapeOf(IEntityType type) => Shapes.GetOrAdd(type, t => TableShape.Of(t, sql));
        var written = new List<RowStatement>();
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            {
                written.Add(new TrackedRow(entry, ShapeOf(entry.Metadata)));
            }
        }
        foreach (var row in rows)
        {
            var statement = new ChangedRow(row, ShapeOf(db.Model.FindEntityType(row.Row.GetType())!));
            // An update that changes nothing is not sent: the instance's version check already covers the row.
            if (statement.Writes)
            {
                written.Add(statement);
            }
        }
        // Deletes first, children before parents; then writes, parents before children (the foreign keys decide).
        written.Sort((x, y) => x.Order.CompareTo(y.Order));
        var statements = written.Cast<BurstStatement>().Concat(more).ToList();
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
            foreach (var (text, sent) in commands)
            {
                await using var reader = await text.Builder.Build().ExecuteReaderAsync(
                    new RelationalCommandParameterObject(connection, text.Values, null, db, logger, CommandSource.SaveChanges), cancellationToken);
                foreach (var statement in sent)
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

    /// <summary>A row's INSERT, UPDATE or DELETE; it answers one row when it touched one.</summary>
    private abstract class RowStatement(EntityState state, TableShape shape) : BurstStatement
    {
        public EntityState State { get; } = state;
        protected TableShape Shape { get; } = shape;

        public int Order => State == EntityState.Deleted ? -1 - Shape.Rank : Shape.Rank;

        public abstract object? Current(IProperty property);

        /// <summary>The value as loaded, which an UPDATE or DELETE finds the row by.</summary>
        public abstract object? Original(IProperty property);

        public abstract bool IsModified(IProperty property);
    }

    /// <summary>A row the context tracks; a row version the database keeps is read back into its entry.</summary>
    private sealed class TrackedRow(EntityEntry entry, TableShape shape) : RowStatement(entry.State, shape)
    {
        private IReadOnlyList<Column> _readBack = [];

        public override object? Current(IProperty property) => entry.Property(property).CurrentValue;
        public override object? Original(IProperty property) => entry.Property(property).OriginalValue;
        public override bool IsModified(IProperty property) => entry.Property(property).IsModified;

        public override void Write(StatementText text) => _readBack = Shape.Append(text, this);

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

    /// <summary>A row the store worked out without the context (<see cref="RowChange"/>); its table keeps no row version.</summary>
    private sealed class ChangedRow : RowStatement
    {
        private readonly RowChange _row;

        public ChangedRow(RowChange row, TableShape shape) : base(row.State, shape)
        {
            if (shape.Generated.Count > 0)
            {
                throw new InvalidOperationException($"{shape.Table} keeps a row version, which only a tracked row reads back");
            }
            _row = row;
        }

        public bool Writes => State != EntityState.Modified || Shape.Written.Any(c => !c.IsKey && _row.Changes(c.Property));

        public override object? Current(IProperty property) => _row.Value(property);
        public override object? Original(IProperty property) => _row.Value(property);
        public override bool IsModified(IProperty property) => _row.Changes(property);

        public override void Write(StatementText text) => Shape.Append(text, this);

        public override async Task<bool> HearAsync(DbDataReader answer, CancellationToken cancellationToken) => await answer.ReadAsync(cancellationToken);
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
        public IReadOnlyList<Column> Append(StatementText text, RowStatement row)
        {
            void Where()
            {
                text.Append(" WHERE ");
                for (var i = 0; i < Identifying.Count; i++)
                {
                    var column = Identifying[i];
                    text.Append(i == 0 ? "" : " AND ").Append(column.Name).Append(" = ")
                        .Parameter(column.Mapping, column.Property.IsNullable, row.Original(column.Property));
                }
            }

            var readBack = Generated;
            switch (row.State)
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
                        text.Append(i == 0 ? "" : ", ").Parameter(column.Mapping, column.Property.IsNullable, row.Current(column.Property));
                    }
                    text.Append(")");
                    break;
                case EntityState.Modified:
                    text.Append("UPDATE ").Append(Table).Append(" SET ");
                    var first = true;
                    foreach (var column in Written)
                    {
                        if (!column.IsKey && row.IsModified(column.Property))
                        {
                            text.Append(first ? "" : ", ").Append(column.Name).Append(" = ").Parameter(column.Mapping, column.Property.IsNullable, row.Current(column.Property));
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
