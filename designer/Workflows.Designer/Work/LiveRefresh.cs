using System.Diagnostics;
using Workflows.Designer.Services;

namespace Workflows.Designer.Work;

/// <summary>
/// Reloads a page's data when the work under it changes, so the inbox and an open task follow without a reload:
/// at once when <see cref="IWorkChanges"/> reports a saved step, and every <see cref="Fallback"/> regardless, for
/// changes it cannot hear (another node while the database is unreachable). A page whose reload is costly (an
/// administrator's dashboard over a year of work) waits longer between reloads, so that it spends at most
/// <see cref="BusyShare"/> of its time reloading however often the work changes.
/// </summary>
public sealed class LiveRefresh : IAsyncDisposable
{
    public static TimeSpan Fallback { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>One completion saves several steps in a row (the task, the next task, its timers): one reload covers them.</summary>
    public static TimeSpan Settle { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// The most of its time a page may spend reloading: after a reload that took <c>d</c>, the next waits at least
    /// <c>d × (1 − share) ÷ share</c>. A change in every second would otherwise keep a reload of 0.8 s running back to back.
    /// </summary>
    public static double BusyShare { get; set; } = 0.1;

    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _changed = new(0, 1);
    private readonly IDisposable _watch;
    private readonly Task _loop;

    /// <summary>Reloads when a step of <paramref name="instanceId"/> (of any matter when null) is saved.</summary>
    public LiveRefresh(IWorkChanges changes, string? instanceId, Func<CancellationToken, Task> refresh)
        : this(changed => changes.Watch(instanceId, changed), refresh)
    {
    }

    /// <summary>
    /// Reloads for the steps that change work reaching someone through <paramref name="reach"/>, or for every step
    /// when it is null (an administrator's pages, which show everyone's work).
    /// </summary>
    public static LiveRefresh OfWork(IWorkChanges changes, IReadOnlyCollection<string>? reach, Func<CancellationToken, Task> refresh) =>
        new(changed => reach is null ? changes.Watch(null, changed) : changes.WatchReach(reach, changed), refresh);

    /// <summary>Reloads when <paramref name="watch"/> (given the callback, returning what stops it) reports a change.</summary>
    public LiveRefresh(Func<Action, IDisposable> watch, Func<CancellationToken, Task> refresh)
    {
        _watch = watch(OnChanged);
        _loop = RunAsync(refresh);
    }

    /// <summary>The least time between the end of a reload that took <paramref name="took"/> and the start of the next.</summary>
    public static TimeSpan RestAfter(TimeSpan took) => took * ((1 - BusyShare) / BusyShare);

    private void OnChanged()
    {
        try
        {
            _changed.Release();
        }
        catch (SemaphoreFullException)
        {
            // A reload is already due.
        }
    }

    private async Task RunAsync(Func<CancellationToken, Task> refresh)
    {
        try
        {
            var rest = TimeSpan.Zero;
            while (true)
            {
                var waited = Stopwatch.StartNew();
                if (await _changed.WaitAsync(rest > Fallback ? rest : Fallback, _stop.Token))
                {
                    var left = rest - waited.Elapsed;
                    await Task.Delay(left > Settle ? left : Settle, _stop.Token);
                }
                var took = Stopwatch.StartNew();
                await refresh(_stop.Token);
                rest = RestAfter(took.Elapsed);
            }
        }
        catch (OperationCanceledException)
        {
            // The page was left.
        }
    }

    public async ValueTask DisposeAsync()
    {
        _watch.Dispose();
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
        _changed.Dispose();
    }
}
