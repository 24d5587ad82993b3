using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Workflows.Core.Runtime;

namespace Workflows.Persistence.Instances;

/// <summary>
/// Writes what a burst's context tracks as plain statements in one transaction, in place of SaveChanges: EF's update
/// pipeline (a command object per row, their ordering, SQL built anew, accepting the changes afterwards) was most of
/// the client time of a commit, and a burst's rows are few and simple. Every UPDATE and DELETE must touch exactly one
/// row, with the concurrency tokens as loaded in its WHERE, or nothing is saved (<see cref="WorkflowConcurrencyException"/>);
/// a row version the database keeps is read back into the entry. The statements go through EF's command pipeline, so
/// interceptors and the command log see them.
/// </summary>
/// <remarks>
/// It needs <c>RETURNING</c> (SQLite 3.35, PostgreSQL): each statement answers one row when it touched one, so the
/// answers line up with the statements. PostgreSQL gets them as one command, one round trip; SQLite one command each,
/// because it binds every parameter of a command to each of its statements by name. SQL Server writes <c>OUTPUT</c>
/// instead and keeps SaveChanges.
/// </remarks>
internal static class TrackedChangesWriter
{
    private static readonly ConcurrentDictionary<IEntityType, TableShape> Shapes = new();

    /// <exception cref="WorkflowConcurrencyException">An UPDATE or DELETE found no row as it was loaded.</exception>
    /// <exception cref="DbUpdateException">The database refused a statement (the inner exception says why).</exception>
    public static async Task SaveAsync(WorkflowsDbContext db, bool oneCommand, string conflict, CancellationToken cancellationToken)
    {
        var entries = new List<(EntityEntry Entry, TableShape Shape)>();
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            {
                entries.Add((entry, Shapes.GetOrAdd(entry.Metadata, type => TableShape.Of(type, db.GetService<ISqlGenerationHelper>()))));
            }
        }
        if (entries.Count == 0)
        {
            return;
        }
        // Deletes first, children before parents; then writes, parents before children (the foreign keys decide).
        entries.Sort((x, y) => Order(x).CompareTo(Order(y)));

        var sql = db.GetService<ISqlGenerationHelper>();
        var commands = db.GetService<IRelationalCommandBuilderFactory>();
        var batches = new List<(IRelationalCommandBuilder Builder, Dictionary<string, object?> Values, List<Statement> Statements)>();
        foreach (var (entry, shape) in entries)
        {
            if (!oneCommand || batches.Count == 0)
            {
                batches.Add((commands.Create(), [], []));
            }
            var (builder, values, statements) = batches[^1];
            statements.Add(shape.Append(builder, values, sql, entry));
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            var connection = db.GetService<IRelationalConnection>();
            var logger = db.GetService<IRelationalCommandDiagnosticsLogger>();
            foreach (var (builder, values, statements) in batches)
            {
                await using var reader = await builder.Build().ExecuteReaderAsync(
                    new RelationalCommandParameterObject(connection, values, null, db, logger, CommandSource.SaveChanges), cancellationToken);
                foreach (var statement in statements)
                {
                    if (!await reader.DbDataReader.ReadAsync(cancellationToken))
                    {
                        throw new WorkflowConcurrencyException(conflict);
                    }
                    statement.ReadBack(reader.DbDataReader);
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

    /// <summary>What one statement answers: nothing to keep, or the row version the database gave the row.</summary>
    private sealed record Statement(EntityEntry Entry, IReadOnlyList<Column> ReadBackColumns)
    {
        public void ReadBack(DbDataReader reader)
        {
            for (var i = 0; i < ReadBackColumns.Count; i++)
            {
                var column = ReadBackColumns[i];
                var stored = reader.GetValue(i);
                Entry.Property(column.Property).CurrentValue = column.Mapping.Converter is { } converter ? converter.ConvertFromProvider(stored) : stored;
            }
        }
    }

    private sealed record Column(IProperty Property, string Name, RelationalTypeMapping Mapping, bool IsKey, bool IsToken, bool IsGenerated);

    /// <summary>A table's columns as the statements need them, worked out once per entity type.</summary>
    private sealed class TableShape
    {
        private const string Returning = " RETURNING ";

        private TableShape(string table, IReadOnlyList<Column> columns, int rank, string returnGenerated)
        {
            Table = table;
            Rank = rank;
            Written = [.. columns.Where(c => !c.IsGenerated)];
            Identifying = [.. columns.Where(c => c.IsKey || c.IsToken)];
            Generated = [.. columns.Where(c => c.IsGenerated)];
            _returnGenerated = returnGenerated;
        }

        private readonly string _returnGenerated;

        public string Table { get; }
        /// <summary>How deep the table sits under the tables its foreign keys point to: 0 for one that points to none.</summary>
        public int Rank { get; }
        public IReadOnlyList<Column> Written { get; }
        public IReadOnlyList<Column> Identifying { get; }
        /// <summary>A row version the database writes itself (PostgreSQL's xmin): never sent, read back after an insert or update.</summary>
        public IReadOnlyList<Column> Generated { get; }

        public static TableShape Of(IEntityType type, ISqlGenerationHelper sql)
        {
            var columns = type.GetProperties().Select(p => new Column(p, sql.DelimitIdentifier(p.GetColumnName()), p.GetRelationalTypeMapping(),
                p.IsPrimaryKey(), p.IsConcurrencyToken, p.IsConcurrencyToken && p.ValueGenerated == ValueGenerated.OnAddOrUpdate)).ToList();
            var generated = columns.Where(c => c.IsGenerated).ToList();
            return new TableShape(sql.DelimitIdentifier(type.GetTableName()!, type.GetSchema()), columns, RankOf(type),
                generated.Count == 0 ? Returning + "1" : Returning + string.Join(", ", generated.Select(c => c.Name)));
        }

        private static int RankOf(IEntityType type) =>
            type.GetForeignKeys().Select(k => k.PrincipalEntityType).Where(p => p != type).Select(RankOf).DefaultIfEmpty(-1).Max() + 1;

        public Statement Append(IRelationalCommandBuilder builder, Dictionary<string, object?> values, ISqlGenerationHelper sql, EntityEntry entry)
        {
            var text = new StringBuilder(256);
            string Parameter(Column column, object? value)
            {
                var name = "p" + values.Count.ToString(CultureInfo.InvariantCulture);
                builder.AddParameter(name, sql.GenerateParameterName(name), column.Mapping, column.Property.IsNullable);
                values[name] = value;
                return sql.GenerateParameterNamePlaceholder(name);
            }
            void Where()
            {
                text.Append(" WHERE ");
                for (var i = 0; i < Identifying.Count; i++)
                {
                    var column = Identifying[i];
                    text.Append(i == 0 ? "" : " AND ").Append(column.Name).Append(" = ").Append(Parameter(column, entry.Property(column.Property).OriginalValue));
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
                        text.Append(i == 0 ? "" : ", ").Append(Parameter(Written[i], entry.Property(Written[i].Property).CurrentValue));
                    }
                    text.Append(')');
                    break;
                case EntityState.Modified:
                    text.Append("UPDATE ").Append(Table).Append(" SET ");
                    var first = true;
                    foreach (var column in Written)
                    {
                        var property = entry.Property(column.Property);
                        if (!column.IsKey && property.IsModified)
                        {
                            text.Append(first ? "" : ", ").Append(column.Name).Append(" = ").Append(Parameter(column, property.CurrentValue));
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
            text.Append(readBack.Count == 0 ? Returning + "1" : _returnGenerated).Append(sql.StatementTerminator).AppendLine();
            builder.Append(text.ToString());
            return new Statement(entry, readBack);
        }
    }
}
