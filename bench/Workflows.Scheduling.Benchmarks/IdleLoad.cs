using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Workflows.Scheduling.Benchmarks;

/// <summary>
/// What a server costs its database while nothing is due: the SQL commands it runs, counted where the drivers report
/// them. Npgsql reports every command (Hangfire's polling and the application's EF queries alike) as an activity; EF
/// reports its own commands on both providers. Hangfire's SQLite storage (sqlite-net) reports nothing, so on SQLite
/// only the application's commands are counted, with the process's CPU time as a cross-check of the rest.
/// </summary>
internal sealed class IdleLoad : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly ActivityListener _npgsql;
    private readonly List<IDisposable> _subscriptions = [];
    private long _npgsqlCommands;
    private long _efCommands;

    private IdleLoad()
    {
        _npgsql = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = _ => Interlocked.Increment(ref _npgsqlCommands),
        };
        ActivitySource.AddActivityListener(_npgsql);
        _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
    }

    public static IdleLoad Start() => new();

    /// <summary>Counts for <paramref name="window"/> of idle, as commands per minute.</summary>
    public async Task<string> MeasureAsync(TimeSpan window)
    {
        var (npgsql, ef) = (Interlocked.Read(ref _npgsqlCommands), Interlocked.Read(ref _efCommands));
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        await Task.Delay(window);
        var perMinute = 60 / window.TotalSeconds;
        var cpuNow = Process.GetCurrentProcess().TotalProcessorTime;
        return $"idle {window.TotalSeconds:F0} s: Npgsql commands {(Interlocked.Read(ref _npgsqlCommands) - npgsql) * perMinute:F0}/min, "
            + $"EF commands {(Interlocked.Read(ref _efCommands) - ef) * perMinute:F0}/min, CPU {(cpuNow - cpu).TotalSeconds * perMinute:F2} s/min";
    }

    public void OnNext(DiagnosticListener listener)
    {
        if (listener.Name == DbLoggerCategory.Name)
        {
            _subscriptions.Add(listener.Subscribe(this));
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key == RelationalEventId.CommandExecuted.Name)
        {
            Interlocked.Increment(ref _efCommands);
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        _npgsql.Dispose();
        _subscriptions.ForEach(s => s.Dispose());
    }
}
