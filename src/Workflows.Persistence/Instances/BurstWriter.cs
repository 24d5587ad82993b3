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
/// back into the entry. The statements go through EF's command pipeline, so interceptors and the command log see them;
/// a command of a kind sent before is taken as it was built (<see cref="BurstCommands"/>).
/// </summary>
/// <remarks>
/// It needs <c>RETURNING</c> (SQLite 3.35, PostgreSQL), by which each statement answers with the rows it touched.
/// PostgreSQL gets the statements as one command, one round trip; SQLite one command each, because it binds every
/// parameter of a command to each of its statements by name. SQL Server writes <c>OUTPUT</c> instead and keeps
/// SaveChanges.
/// </remarks>
internal static class BurstWriter
{
    /// <param name="rows">The rows the store worked out itself, beside those its context tracks.</param>
    /// <param name="more">Statements after the rows', in order.</param>
    /// <exception cref="WorkflowConcurrencyException">An UPDATE or DELETE found no row as it was loaded.</exception>
    /// <exception cref="DbUpdateException">The database refused a statement (the inner exception says why).</exception>
    public static async Task SaveAsync(WorkflowsDbContext db, string conflict, IEnumerable<RowChange> rows, IEnumerable<BurstStatement> more, CancellationToken cancellationToken)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        TableShape ShapeOf(IEntityType type) => TableShape.For(type, sql);
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
        // The instance's row first, so two bursts of one instance queue on its version check and the later one finds
        // it changed (a conflict) instead of each locking rows the other needs (PostgreSQL saw that deadlock when a
        // completion deleted its bookmark while a migration, holding the instance's row, updated it). Then deletes,
        // children before parents; then writes, parents before children (the foreign keys decide).
        written.Sort((x, y) => x.Order.CompareTo(y.Order));
        var statements = written.Cast<BurstStatement>().Concat(more).ToList();
        if (statements.Count == 0)
        {
            return;
        }

        var commands = new List<List<BurstStatement>>();
        foreach (var statement in statements)
        {
            if (!db.SendsBurstAsOneCommand || commands.Count == 0)
            {
                commands.Add([]);
            }
            commands[^1].Add(statement);
        }
        var texts = commands.Select(sent => (Template: BurstCommands.Write(db, sql, sent, out var values), Values: values, Statements: sent)).ToList();

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            var connection = db.GetService<IRelationalConnection>();
            var logger = db.GetService<IRelationalCommandDiagnosticsLogger>();
            foreach (var (template, values, sent) in texts)
            {
                var command = connection.RentCommand();
                command.PopulateFrom(template);
                try
                {
                    await using var reader = await command.ExecuteReaderAsync(
                        new RelationalCommandParameterObject(connection, values, null, db, logger, CommandSource.SaveChanges), cancellationToken);
                    foreach (var statement in sent)
                    {
                        if (!await statement.HearAsync(reader.DbDataReader, cancellationToken))
                        {
                            throw new WorkflowConcurrencyException(conflict);
                        }
                        await reader.DbDataReader.NextResultAsync(cancellationToken);
                    }
                }
                finally
                {
                    connection.ReturnCommand(command);
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
    private abstract class RowStatement(EntityState state, TableShape shape) : BurstStatement, IRowValues
    {
        public EntityState State { get; } = state;
        protected TableShape Shape { get; } = shape;

        public virtual int Order => State == EntityState.Deleted ? -1 - Shape.Rank : Shape.Rank;

        /// <summary>The table, what is done to the row, and for an update the columns it sets (by their place in the table).</summary>
        public override string? TextKey
        {
            get
            {
                if (State != EntityState.Modified)
                {
                    return $"{Shape.Table} {State}";
                }
                if (Shape.Written.Count > 64)
                {
                    return null;
                }
                var set = 0UL;
                for (var i = 0; i < Shape.Written.Count; i++)
                {
                    if (IsModified(Shape.Written[i].Property))
                    {
                        set |= 1UL << i;
                    }
                }
                return $"{Shape.Table} {State} {set:x}";
            }
        }

        public abstract object? Current(IProperty property);
        public abstract object? Original(IProperty property);
        public abstract bool IsModified(IProperty property);
    }

    /// <summary>A row the context tracks; a row version the database keeps is read back into its entry.</summary>
    private sealed class TrackedRow(EntityEntry entry, TableShape shape) : RowStatement(entry.State, shape)
    {
        private IReadOnlyList<Column> _readBack = [];

        /// <summary>The instance's row (the one tracked row) is written before any other, unless it is deleted.</summary>
        public override int Order => State == EntityState.Deleted ? base.Order : int.MinValue;

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
        private readonly HashSet<IProperty> _changed;

        public ChangedRow(RowChange row, TableShape shape) : base(row.State, shape)
        {
            if (shape.Generated.Count > 0)
            {
                throw new InvalidOperationException($"{shape.Table} keeps a row version, which only a tracked row reads back");
            }
            _row = row;
            // Compared once: whether the row is sent at all, and which columns its UPDATE sets.
            _changed = row.State == EntityState.Modified ? [.. shape.Written.Where(c => !c.IsKey && row.Changes(c.Property)).Select(c => c.Property)] : [];
        }

        public bool Writes => State != EntityState.Modified || _changed.Count > 0;

        public override object? Current(IProperty property) => _row.Value(property);
        public override object? Original(IProperty property) => _row.Value(property);
        public override bool IsModified(IProperty property) => _changed.Contains(property);

        public override void Write(StatementText text) => Shape.Append(text, this);

        public override async Task<bool> HearAsync(DbDataReader answer, CancellationToken cancellationToken) => await answer.ReadAsync(cancellationToken);
    }
}

/// <summary>One statement of a burst's write, beside its tracked rows: its text, and what it makes of the rows it answers.</summary>
internal abstract class BurstStatement
{
    /// <summary>
    /// What the statement's text and parameters depend on besides the values: statements with equal keys write the same
    /// text with the same parameters in the same order. Null when that is not known; its command is then written anew.
    /// </summary>
    public abstract string? TextKey { get; }

    /// <summary>Writes the statement's text and parameters, or only its values when the text is already known.</summary>
    public abstract void Write(StatementText text);

    /// <returns>False when the answer says a row was not as the burst loaded it: nothing is saved.</returns>
    public abstract Task<bool> HearAsync(DbDataReader answer, CancellationToken cancellationToken);
}

/// <summary>
/// The text and parameters of one command as its statements are written into it; or, for a command whose text is
/// already known (<see cref="BurstCommands"/>), only its parameters' values, in the same order.
/// </summary>
internal sealed class StatementText
{
    private static readonly string[] Names = [.. Enumerable.Range(0, 512).Select(i => "p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    private readonly IRelationalCommandBuilder? _builder;
    private readonly ISqlGenerationHelper _sql;

    private StatementText(IRelationalCommandBuilder? builder, ISqlGenerationHelper sql) => (_builder, _sql) = (builder, sql);

    public static StatementText Full(IRelationalCommandBuilder builder, ISqlGenerationHelper sql) => new(builder, sql);

    public static StatementText ValuesOnly(ISqlGenerationHelper sql) => new(null, sql);

    /// <summary>The command written, when it was written in full.</summary>
    public IRelationalCommandTemplate Build() => (_builder ?? throw new InvalidOperationException("only the values were written")).Build();

    public Dictionary<string, object?> Values { get; } = [];

    public StatementText Append(string text)
    {
        _builder?.Append(text);
        return this;
    }

    /// <summary>A placeholder for <paramref name="value"/>, sent as the mapping says (its converter included).</summary>
    public StatementText Parameter(RelationalTypeMapping mapping, bool nullable, object? value)
    {
        var name = Values.Count < Names.Length ? Names[Values.Count] : "p" + Values.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Values[name] = value;
        if (_builder is null)
        {
            return this;
        }
        _builder.AddParameter(name, _sql.GenerateParameterName(name), mapping, nullable);
        return Append(_sql.GenerateParameterNamePlaceholder(name));
    }

    public StatementText Parameter(IProperty property, object? value) => Parameter(property.GetRelationalTypeMapping(), property.IsNullable, value);

    public string Name(IProperty property) => _sql.DelimitIdentifier(property.GetColumnName());

    public TableShape Shape(IEntityType type) => TableShape.For(type, _sql);

    public StatementText EndStatement() => Append(_sql.StatementTerminator).Append(Environment.NewLine);
}
