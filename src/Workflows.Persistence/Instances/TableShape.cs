using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Workflows.Persistence.Instances;

/// <summary>A row's values as a statement writes them: as they are to be stored, as they were loaded, and which changed.</summary>
internal interface IRowValues
{
    EntityState State { get; }

    object? Current(IProperty property);

    /// <summary>The value as loaded, which an UPDATE or DELETE finds the row by.</summary>
    object? Original(IProperty property);

    bool IsModified(IProperty property);
}

internal sealed record Column(IProperty Property, string Name, RelationalTypeMapping Mapping, bool IsKey, bool IsToken, bool IsGenerated);

/// <summary>A table's columns as a burst's statements need them, worked out once per entity type from EF's model.</summary>
internal sealed class TableShape
{
    private const string Returning = " RETURNING ";
    private static readonly ConcurrentDictionary<IEntityType, TableShape> Shapes = new();

    private readonly string _returning;

    private TableShape(string table, IReadOnlyList<Column> columns, int rank)
    {
        Table = table;
        Rank = rank;
        Written = [.. columns.Where(c => !c.IsGenerated)];
        Identifying = [.. columns.Where(c => c.IsKey || c.IsToken)];
        Generated = [.. columns.Where(c => c.IsGenerated)];
        _returning = Returning + (Generated.Count == 0 ? "1" : string.Join(", ", Generated.Select(c => c.Name)));
    }

    public string Table { get; }
    /// <summary>How deep the table sits under the tables its foreign keys point to: 0 for one that points to none.</summary>
    public int Rank { get; }
    public IReadOnlyList<Column> Written { get; }
    public IReadOnlyList<Column> Identifying { get; }
    /// <summary>A row version the database writes itself (PostgreSQL's xmin): never sent, read back after an insert or update.</summary>
    public IReadOnlyList<Column> Generated { get; }

    public static TableShape For(IEntityType type, ISqlGenerationHelper sql) => Shapes.GetOrAdd(type, t => new(
        sql.DelimitIdentifier(t.GetTableName()!, t.GetSchema()),
        [.. t.GetProperties().Select(p => new Column(p, sql.DelimitIdentifier(p.GetColumnName()), p.GetRelationalTypeMapping(),
            p.IsPrimaryKey(), p.IsConcurrencyToken, p.IsConcurrencyToken && p.ValueGenerated == ValueGenerated.OnAddOrUpdate))],
        RankOf(t)));

    private static int RankOf(IEntityType type) =>
        type.GetForeignKeys().Select(k => k.PrincipalEntityType).Where(p => p != type).Select(RankOf).DefaultIfEmpty(-1).Max() + 1;

    /// <summary>The row's INSERT, UPDATE or DELETE, ending in <c>RETURNING</c>.</summary>
    /// <returns>The columns the statement answers with, besides the row itself.</returns>
    public IReadOnlyList<Column> Append(StatementText text, IRowValues row)
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
                AppendInsert(text, row.Current);
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

    /// <summary><c>INSERT INTO</c> the table every column it writes, with no end: a caller may add a conflict clause.</summary>
    public void AppendInsert(StatementText text, Func<IProperty, object?> value)
    {
        text.Append("INSERT INTO ").Append(Table).Append(" (");
        for (var i = 0; i < Written.Count; i++)
        {
            text.Append(i == 0 ? "" : ", ").Append(Written[i].Name);
        }
        text.Append(") VALUES (");
        for (var i = 0; i < Written.Count; i++)
        {
            var column = Written[i];
            text.Append(i == 0 ? "" : ", ").Parameter(column.Mapping, column.Property.IsNullable, value(column.Property));
        }
        text.Append(")");
    }
}
