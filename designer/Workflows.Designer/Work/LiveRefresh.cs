using Workflows.Designer.Services;

namespace Workflows.Designer.Work;

/// <summary>
/// Reloads a page's data when the work under it changes, so the inbox and an open task follow without a reload:
/// at once when <see cref="IWorkChanges"/> reports a saved step, and every <see cref="Fallback"/> regardless, for
/// changes it cannot hear (another node while the database is unreachable).
/// </summary>
public sealed class LiveRefresh : IAsyncDisposable
{
    public static TimeSpan Fallback { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>One completion saves several steps in a row (the task, the next task, its timers): one reload covers them.</summary>
    public static TimeSpan Settle { get; set; } = TimeSpan.FromMilliseconds(200);

    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _changed = new(0, 1);
    private readonly IDisposable _watch;
    private readonly Task _loop;

    public LiveRefresh(IWorkChanges changes, string? instanceId, Func<CancellationToken, Task> refresh)
    {
        _watch = changes.Watch(instanceId, OnChanged);
        _loop = RunAsync(refresh);
    }

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
            while (true)
            {
                if (await _changed.WaitAsync(Fallback, _stop.Token))
                {
                    await Task.Delay(Settle, _stop.Token);
                }
                await refresh(_stop.Token);
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
