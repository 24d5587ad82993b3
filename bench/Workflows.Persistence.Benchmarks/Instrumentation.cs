using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Workflows.Core.Definitions;
using Workflows.Core.Runtime;
using Workflows.Persistence.Instances;

namespace Workflows.Persistence.Benchmarks;

/// <summary>What happened on the database, by kind, with the time spent between EF's "before" and "after" events.</summary>
public enum DbEventKind
{
    ConnectionOpen,
    Command,
    BeginTransaction,
    Commit,
}

public sealed record DbEvent(DbEventKind Kind, string? Sql, long Ticks, string? Phase);

/// <summary>A probe on the timeline: what happened (e.g. "open…", "exec INSERT Journal", "COMMIT✓") and when.</summary>
public readonly record struct Marker(string Label, long Timestamp);

/// <summary>
/// An EF interceptor (registered as an <see cref="IInterceptor"/> service, which the store's context factory adds to
/// every context) that records connection opens (including the store's SQLite pragmas, which run in the opened
/// event before this one), commands, transaction begins and commits, each with its duration.
/// </summary>
public sealed class DbRecorder : IDbConnectionInterceptor, IDbCommandInterceptor, IDbTransactionInterceptor
{
    private readonly List<DbEvent> _events = [];
    private readonly List<Marker> _markers = [];

    /// <summary>Whether to keep a timeline of every probe (--profile only).</summary>
    public bool KeepTimeline { get; set; }

    public IReadOnlyList<Marker> Timeline => _markers;

    public void Mark(string label)
    {
        if (Enabled && KeepTimeline)
        {
            _markers.Add(new Marker(label, Stopwatch.GetTimestamp()));
        }
    }

    private readonly Dictionary<string, string> _labels = [];

    private void MarkCommand(string what, DbCommand command)
    {
        if (Enabled && KeepTimeline)
        {
            if (!_labels.TryGetValue(command.CommandText, out var label))
            {
                _labels[command.CommandText] = label = Accounting.Label(command.CommandText);
            }
            Mark(what + label);
        }
    }
    private long _openStarted, _commandStarted, _beginStarted, _commitStarted;

    public bool Enabled { get; set; } = true;

    /// <summary>Which store call is running (set by <see cref="TimedInstanceStore"/>); recorded with each event.</summary>
    public string? Phase { get; set; }

    public IReadOnlyList<DbEvent> Events => _events;

    /// <summary>The events since the last call.</summary>
    public List<DbEvent> Drain()
    {
        var events = _events.ToList();
        _events.Clear();
        _markers.Clear();
        return events;
    }

    private void Add(DbEventKind kind, string? sql, long started)
    {
        if (Enabled)
        {
            _events.Add(new DbEvent(kind, sql, Stopwatch.GetTimestamp() - started, Phase));
        }
    }

    // Connections
    public InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Mark("open…");
        _openStarted = Stopwatch.GetTimestamp();
        return result;
    }

    public ValueTask<InterceptionResult> ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result,
        CancellationToken cancellationToken = default)
    {
        Mark("open…");
        _openStarted = Stopwatch.GetTimestamp();
        return ValueTask.FromResult(result);
    }

    public void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        Add(DbEventKind.ConnectionOpen, null, _openStarted);
        Mark("open✓");
    }

    public Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Add(DbEventKind.ConnectionOpen, null, _openStarted);
        Mark("open✓");
        return Task.CompletedTask;
    }

    public InterceptionResult ConnectionClosing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Mark("close…");
        return result;
    }

    public ValueTask<InterceptionResult> ConnectionClosingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Mark("close…");
        return ValueTask.FromResult(result);
    }

    public void ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => Mark("close✓");

    public Task ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        Mark("close✓");
        return Task.CompletedTask;
    }

    // Commands: from "executing" to "executed" (for a reader: until it is closed, so the rows are read too).
    public InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        MarkCommand("exec ", command);
        _commandStarted = Stopwatch.GetTimestamp();
        return result;
    }

    public ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        MarkCommand("exec ", command);
        _commandStarted = Stopwatch.GetTimestamp();
        return ValueTask.FromResult(result);
    }

    public DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        MarkCommand("executed ", command);
        return result;
    }

    public ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result,
        CancellationToken cancellationToken = default)
    {
        MarkCommand("executed ", command);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult DataReaderClosing(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
    {
        Add(DbEventKind.Command, command.CommandText, _commandStarted);
        MarkCommand("read ", command);
        return result;
    }

    public ValueTask<InterceptionResult> DataReaderClosingAsync(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
    {
        Add(DbEventKind.Command, command.CommandText, _commandStarted);
        MarkCommand("read ", command);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        MarkCommand("exec ", command);
        _commandStarted = Stopwatch.GetTimestamp();
        return result;
    }

    public ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        MarkCommand("exec ", command);
        _commandStarted = Stopwatch.GetTimestamp();
        return ValueTask.FromResult(result);
    }

    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Add(DbEventKind.Command, command.CommandText, _commandStarted);
        MarkCommand("executed ", command);
        return result;
    }

    public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result,
        CancellationToken cancellationToken = default)
    {
        Add(DbEventKind.Command, command.CommandText, _commandStarted);
        MarkCommand("executed ", command);
        return ValueTask.FromResult(result);
    }

    // Transactions
    public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData,
        InterceptionResult<DbTransaction> result)
    {
        Mark("BEGIN…");
        _beginStarted = Stopwatch.GetTimestamp();
        return result;
    }

    public ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData,
        InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        Mark("BEGIN…");
        _beginStarted = Stopwatch.GetTimestamp();
        return ValueTask.FromResult(result);
    }

    public DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        Add(DbEventKind.BeginTransaction, null, _beginStarted);
        Mark("BEGIN✓");
        return result;
    }

    public ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result,
        CancellationToken cancellationToken = default)
    {
        Add(DbEventKind.BeginTransaction, null, _beginStarted);
        Mark("BEGIN✓");
        return ValueTask.FromResult(result);
    }

    public InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        Mark("COMMIT…");
        _commitStarted = Stopwatch.GetTimestamp();
        return result;
    }

    public ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData,
        InterceptionResult result, CancellationToken cancellationToken = default)
    {
        Mark("COMMIT…");
        _commitStarted = Stopwatch.GetTimestamp();
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        Add(DbEventKind.Commit, null, _commitStarted);
        Mark("COMMIT✓");
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Add(DbEventKind.Commit, null, _commitStarted);
        Mark("COMMIT✓");
        return Task.CompletedTask;
    }

    public void Register(IServiceCollection services) => services.AddSingleton<IInterceptor>(this);
}

/// <summary>
/// EF's own command log (category <c>Microsoft.EntityFrameworkCore.Database.Command</c>), written while
/// <see cref="Enabled"/>; registered only for --show-sql, as formatting every command costs time.
/// </summary>
public sealed class SqlLog(TextWriter output) : ILoggerProvider, ILogger
{
    private const string CommandCategory = "Microsoft.EntityFrameworkCore.Database.Command";

    public bool Enabled { get; set; }

    public ILogger CreateLogger(string categoryName) => categoryName == CommandCategory ? this : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    // Always enabled once registered (EF caches the answer); only written while Enabled.
    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (Enabled && IsEnabled(logLevel) && eventId.Id == RelationalEventId.CommandExecuted.Id)
        {
            output.WriteLine("      " + formatter(state, exception).Replace("\n", "\n      "));
        }
    }

    public void Dispose()
    {
    }

    public void Register(IServiceCollection services) =>
        services.AddSingleton<ILoggerFactory>(new LoggerFactory([this]));
}

/// <summary>Stopwatch totals for the --profile breakdown.</summary>
public sealed class Timings
{
    public long FindTicks, CommitTicks, DefinitionTicks;
    public int Finds, Commits, Definitions;

    public void Reset() => (FindTicks, CommitTicks, DefinitionTicks, Finds, Commits, Definitions) = (0, 0, 0, 0, 0, 0);
}

/// <summary>Times the EF instance store's two calls the engine makes per burst.</summary>
public sealed class TimedInstanceStore(EfWorkflowInstanceStore inner, Timings timings, DbRecorder recorder) : IWorkflowInstanceStore
{
    public const string FindPhase = "find";
    public const string CommitPhase = "commit";

    public async Task<WorkflowInstance?> FindAsync(string instanceId, CancellationToken cancellationToken)
    {
        recorder.Phase = FindPhase;
        recorder.Mark("store.Find…");
        var started = Stopwatch.GetTimestamp();
        var found = await inner.FindAsync(instanceId, cancellationToken);
        timings.FindTicks += Stopwatch.GetTimestamp() - started;
        timings.Finds++;
        recorder.Mark("store.Find✓");
        recorder.Phase = null;
        return found;
    }

    public async Task CommitAsync(WorkflowBurst burst, CancellationToken cancellationToken)
    {
        recorder.Phase = CommitPhase;
        recorder.Mark(burst.ExpectedVersion is null ? "store.Commit(new)…" : "store.Commit…");
        var started = Stopwatch.GetTimestamp();
        await inner.CommitAsync(burst, cancellationToken);
        timings.CommitTicks += Stopwatch.GetTimestamp() - started;
        timings.Commits++;
        recorder.Mark("store.Commit✓");
        recorder.Phase = null;
    }

    public Task<IReadOnlyList<JournalEntry>> GetJournalAsync(string instanceId, CancellationToken cancellationToken) =>
        inner.GetJournalAsync(instanceId, cancellationToken);

    public Task<IReadOnlyList<SideEffect>> GetSideEffectsAsync(string instanceId, CancellationToken cancellationToken) =>
        inner.GetSideEffectsAsync(instanceId, cancellationToken);

    public static void Register(IServiceCollection services, Timings timings, DbRecorder recorder)
    {
        services.Replace(ServiceDescriptor.Singleton<IWorkflowInstanceStore>(sp =>
            new TimedInstanceStore(sp.GetRequiredService<EfWorkflowInstanceStore>(), timings, recorder)));
        services.Replace(ServiceDescriptor.Singleton<IWorkflowDefinitionSource>(sp =>
            new TimedDefinitionSource(sp.GetRequiredService<Definitions.EfWorkflowDefinitionStore>(), timings, recorder)));
    }
}

public sealed class TimedDefinitionSource(IWorkflowDefinitionSource inner, Timings timings, DbRecorder recorder) : IWorkflowDefinitionSource
{
    public async Task<WorkflowDefinition?> FindAsync(string definitionId, int? version, CancellationToken cancellationToken)
    {
        recorder.Mark("definitions.Find…");
        var started = Stopwatch.GetTimestamp();
        var found = await inner.FindAsync(definitionId, version, cancellationToken);
        timings.DefinitionTicks += Stopwatch.GetTimestamp() - started;
        timings.Definitions++;
        recorder.Mark("definitions.Find✓");
        return found;
    }
}
