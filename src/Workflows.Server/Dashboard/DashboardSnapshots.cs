using Microsoft.Extensions.Options;
using Workflows.Designer.Services;
using Workflows.Server.Instances;

namespace Workflows.Server.Dashboard;

/// <summary>
/// What each viewer's dashboard counts, kept in memory (every administrator sees the same, so they share one), because
/// reading it means reading the open work of everything the viewer sees: at a year of a district's work that is a third
/// of a second for a busy signer and most of a second for the whole office, while the figures change only when the work
/// does. When steps of some matters have been heard since (<see cref="InstanceChanges"/>: every saved step for an
/// administrator, those reaching the viewer for anyone else), those matters alone are read again and the figures summed
/// up anew; when a kept task has since turned due soon or overdue (<see cref="DashboardWork.NextTurn"/>), the figures are
/// summed up anew with nothing read; everything is read again when what was read is older than
/// <see cref="DashboardOptions.MaxAge"/>, or when more than <see cref="MostMattersReread"/> matters changed. People asking
/// at the same time share one refresh.
/// </summary>
public sealed class DashboardSnapshots(InstanceChanges changes, TimeProvider time, IOptions<DashboardOptions> options) : IDisposable
{
    /// <summary>A viewer nobody asked for in this long is forgotten, with the watch on their work.</summary>
    public static readonly TimeSpan Idle = TimeSpan.FromMinutes(10);

    /// <summary>Beyond this many matters changed since the last look, reading everything again costs less than reading each.</summary>
    public const int MostMattersReread = 200;

    private readonly Dictionary<string, Viewer> _viewers = new(StringComparer.Ordinal);
    private DateTimeOffset _swept;

    /// <param name="key">Who the figures are for: viewers with the same key see the same figures.</param>
    /// <param name="reach">The ways work reaches the viewer (<see cref="Persistence.Tasks.WorkReach"/>); null for administrators, who see every step.</param>
    /// <param name="refresh">
    /// Given the work as kept and the matters changed since (none when only the clock moved on), reads those matters again
    /// into it and sums up the figures; given no work, reads everything. Run once for everyone waiting, one after another, and not cancelled by any of them.
    /// </param>
    public Task<DashboardView> GetAsync(
        string key, IReadOnlyCollection<string>? reach, Func<DashboardWork?, IReadOnlyCollection<string>, Task<KeptFigures>> refresh,
        CancellationToken cancellationToken)
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
        return viewer.FiguresAsync(now, options.Value.MaxAge, refresh).WaitAsync(cancellationToken);
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

    /// <summary>One viewer's latest figures (or their refresh under way) and the matters heard to have changed since it began.</summary>
    private sealed class Viewer : IDisposable
    {
        private readonly Lock _gate = new();
        private readonly IDisposable _watch;
        private HashSet<string> _changed = new(StringComparer.Ordinal);
        private bool _tooMany;
        private Task<KeptFigures>? _latest;

        public Viewer(InstanceChanges changes, IReadOnlyCollection<string>? reach) => _watch = changes.WatchMatters(reach, Heard);

        /// <summary>Read and written under the viewers' lock, so one in use is never forgotten.</summary>
        public DateTimeOffset LastAsked { get; set; }

        private void Heard(string instanceId)
        {
            lock (_gate)
            {
                if (!_tooMany && _changed.Add(instanceId) && _changed.Count > MostMattersReread)
                {
                    (_tooMany, _changed) = (true, new(StringComparer.Ordinal));
                }
            }
        }

        public async Task<DashboardView> FiguresAsync(DateTimeOffset now, TimeSpan maxAge, Func<DashboardWork?, IReadOnlyCollection<string>, Task<KeptFigures>> refresh)
        {
            Task<KeptFigures> figures;
            lock (_gate)
            {
                if (_latest is null || _tooMany || _changed.Count > 0 || Spent(_latest, now, maxAge) || Turned(_latest, now))
                {
                    // Taken before the database is read: a change heard after this point is read again next time, even
                    // if this refresh already read it, never the other way round.
                    var changed = _tooMany ? null : _changed;
                    (_changed, _tooMany) = (new(StringComparer.Ordinal), false);
                    // Built on only while what it read is young enough, and when it did not fail.
                    var basis = changed is null || _latest is null || Spent(_latest, now, maxAge) ? null : _latest;
                    _latest = Task.Run(() => RefreshAsync(basis, changed, refresh));
                }
                figures = _latest;
            }
            return (await figures).View;
        }

        /// <summary>Builds on the refresh before it once that is done, if given one; everything is read again when that failed.</summary>
        private static async Task<KeptFigures> RefreshAsync(
            Task<KeptFigures>? basis, IReadOnlyCollection<string>? changed, Func<DashboardWork?, IReadOnlyCollection<string>, Task<KeptFigures>> refresh)
        {
            DashboardWork? kept = null;
            if (basis is not null)
            {
                await ((Task)basis).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                kept = basis.IsCompletedSuccessfully ? basis.Result.Work : null;
            }
            return await refresh(kept, changed ?? []);
        }

        /// <summary>A kept task has turned due soon or overdue, or left the window, since the figures were summed up: they are summed up again, nothing read.</summary>
        private static bool Turned(Task<KeptFigures> figures, DateTimeOffset now) =>
            figures.IsCompletedSuccessfully && figures.Result.Work.NextTurn <= now;

        /// <summary>Failed, or read too long ago; one under way is shared whatever its age.</summary>
        private static bool Spent(Task<KeptFigures> figures, DateTimeOffset now, TimeSpan maxAge) =>
            figures.IsFaulted || figures.IsCanceled || (figures.IsCompletedSuccessfully && now - figures.Result.Work.ReadAt >= maxAge);

        public void Dispose() => _watch.Dispose();
    }
}

/// <summary>A viewer's work as kept, and the figures last summed up from it.</summary>
public sealed record KeptFigures(DashboardWork Work, DashboardView View);
