namespace Workflows.Designer.Work;

/// <summary>
/// Reloads a page's data on a short interval so the inbox and an open task change when the work does, without a
/// reload. Polling works the same over Interactive Server and WebAssembly; <see cref="Interval"/> is the delay.
/// </summary>
public sealed class LiveRefresh : IAsyncDisposable
{
    public static TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(3);

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public LiveRefresh(Func<CancellationToken, Task> refresh) => _loop = RunAsync(refresh);

    private async Task RunAsync(Func<CancellationToken, Task> refresh)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
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
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
