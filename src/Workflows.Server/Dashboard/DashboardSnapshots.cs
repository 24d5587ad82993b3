using Microsoft.Extensions.Options;
using Workflows.Designer.Services;

namespace Workflows.Server.Dashboard;

/// <summary>
/// The dashboard's figures kept in memory per viewer (every administrator sees the same, so they share one), because
/// computing them reads the open work of everything the viewer sees: at a year of a district's work that is a third of a
/// second for a busy signer and most of a second for the whole office, while the figures change only when the work does.
/// Figures are computed afresh when a change to the viewer's work has been heard since (<see cref="IWorkChanges"/>:
/// every saved step for an administrator, those reaching the viewer for anyone else), or when they are older than
/// <see cref="DashboardOptions.MaxAge"/>; people asking at the same time share one computation.
/// </summary>
public sealed class DashboardSnapshots(IWorkChanges changes, TimeProvider time, IOptions<DashboardOptions> options) : IDisposable
{
    /// <summary>A viewer nobody asked for in this long is forgotten, with the watch on their work.</summary>
    public static readonly TimeSpan Idle = TimeSpan.FromMinutes(10);

    private readonly Dictionary<string, Viewer> _viewers = new(StringComparer.Ordinal);
    private DateTimeOffset _swept;

    /// <param name="key">Who the figures are for: viewers with the same key see the same figures.</param>
    /// <param name="reach">The ways work reaches the viewer (<see cref="Persistence.Tasks.WorkReach"/>); null for administrators, who see every step.</param>
    /// <param name="compute">Computes the figures as of now; run once for everyone waiting, and not cancelled by any one of them.</param>
    public Task<DashboardView> GetAsync(
        string key, IReadOnlyCollection<string>? reach, Func<Task<DashboardView>> compute, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        Viewer viewer;
        lock (_viewers)
        {
            Forget(now);
            if (!_viewers.TryGetValue(key, out viewer!))
            {
                viewer = new Viewer(changes, reach);
                _viewers.Add(key, viewer);
            }
            viewer.LastAsked = now;
        }
        return viewer.FiguresAsync(now, options.Value.MaxAge, compute).WaitAsync(cancellationToken);
    }

    private void Forget(DateTimeOffset now)
    {
        if (now - _swept < TimeSpan.FromMinutes(1))
        {
            return;
        }
        _swept = now;
        foreach (var (key, viewer) in _viewers.Where(v => now - v.Value.LastAsked > Idle).ToList())
        {
            _viewers.Remove(key);
            viewer.Dispose();
        }
    }

    public void Dispose()
    {
        lock (_viewers)
        {
            foreach (var viewer in _viewers.Values)
            {
                viewer.Dispose();
            }
            _viewers.Clear();
        }
    }

    /// <summary>One viewer's latest figures (or their computation under way) and how many changes to their work were heard.</summary>
    private sealed class Viewer : IDisposable
    {
        private readonly Lock _gate = new();
        private readonly IDisposable _watch;
        private int _heard;
        private (int Heard, Task<DashboardView> Figures)? _latest;

        public Viewer(IWorkChanges changes, IReadOnlyCollection<string>? reach) =>
            _watch = reach is null ? changes.Watch(null, Heard) : changes.WatchReach(reach, Heard);

        /// <summary>Read and written under the viewers' lock, so one in use is never forgotten.</summary>
        public DateTimeOffset LastAsked { get; set; }

        private void Heard() => Interlocked.Increment(ref _heard);

        public Task<DashboardView> FiguresAsync(DateTimeOffset now, TimeSpan maxAge, Func<Task<DashboardView>> compute)
        {
            lock (_gate)
            {
                // Read before the computation reads the database: a change heard after this point makes its figures
                // stale even if they already include it, never the other way round.
                var heard = Volatile.Read(ref _heard);
                if (_latest is not { } latest || latest.Heard != heard || Spent(latest.Figures, now, maxAge))
                {
                    latest = (heard, Task.Run(compute));
                    _latest = latest;
                }
                return latest.Figures;
            }
        }

        /// <summary>Failed, or computed too long ago; one under way is shared whatever its age.</summary>
        private static bool Spent(Task<DashboardView> figures, DateTimeOffset now, TimeSpan maxAge) =>
            figures.IsFaulted || figures.IsCanceled || (figures.IsCompletedSuccessfully && now - figures.Result.AsOf >= maxAge);

        public void Dispose() => _watch.Dispose();
    }
}
