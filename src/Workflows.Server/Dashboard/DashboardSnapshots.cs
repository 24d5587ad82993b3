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
/// summed up anew with nothing read. Once what was read is <see cref="DashboardOptions.MaxAge"/> old, everything is read
/// again in the background, for what no step announces, one viewer's after another; the viewer is served the kept figures
/// meanwhile, and a look after that read has ended shows it. A viewer waits for everything to be read only at their first look (unless it
/// was prepared when they signed in, <see cref="Prepare"/>), after a failed read, and when more than <see cref="MostMattersReread"/>
/// matters changed. People asking at the same time share one refresh.
/// </summary>
public sealed class DashboardSnapshots(
    InstanceChanges changes, TimeProvider time, IOptions<DashboardOptions> options, ILogger<DashboardSnapshots> logger) : IDisposable
{
    /// <summary>A viewer nobody asked for in this long is forgotten, with the watch on their work.</summary>
    public static readonly TimeSpan Idle = TimeSpan.FromMinutes(10);

    /// <summary>Beyond this many matters changed since the last look, reading everything again costs less than reading each.</summary>
    public const int MostMattersReread = 200;

    private readonly Dictionary<string, Viewer> _viewers = new(StringComparer.Ordinal);

    // Background full reads take turns: many viewers' minutes running out together would otherwise read (and hold in
    // memory) everything each of them sees at once, beside the requests people are waiting for.
    private readonly SemaphoreSlim _fullReads = new(1);
    private DateTimeOffset _swept;

    /// <param name="key">Who the figures are for: viewers with the same key see the same figures.</param>
    /// <param name="reach">The ways work reaches the viewer (<see cref="Persistence.Tasks.WorkReach"/>); null for administrators, who see every step.</param>
    /// <param name="refresh">
    /// Given the work as kept and the matters changed since (none when only the clock moved on), reads those matters again
    /// into it and sums up the figures; given no work, reads everything. Run once for everyone waiting, and not cancelled
    /// by any of them.
    /// </param>
    public Task<DashboardView> GetAsync(
        string key, IReadOnlyCollection<string>? reach, Func<DashboardWork?, IReadOnlyCollection<string>, Task<KeptFigures>> refresh,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        Viewer viewer;
        lock (_viewers)
        {
            (viewer, _) = ViewerFor(key, reach, now);
        }
        return viewer.FiguresAsync(now, options.Value.MaxAge, refresh).WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Starts reading a viewer's work in the background, in turn with the other background reads, unless it is kept (or
    /// being read) already; their first look then finds it read, or shares the read under way. A look that comes while
    /// the read still waits for its turn starts it at once. Nothing is prepared when nothing is kept (<see cref="DashboardOptions.MaxAge"/> zero).
    /// </summary>
    public void Prepare(string key, IReadOnlyCollection<string>? reach, Func<DashboardWork?, IReadOnlyCollection<string>, Task<KeptFigures>> refresh)
    {
        if (options.Value.MaxAge <= TimeSpan.Zero)
        {
            return;
        }
        var now = time.GetUtcNow();
        lock (_viewers)
        {
            if (ViewerFor(key, reach, now) is (var viewer, Added: true))
            {
                viewer.Prepare(refresh);
            }
        }
    }

    /// <summary>The viewer kept under <paramref name="key"/>, or a new one; either way asked for now. Called under the viewers' lock.</summary>
    private (Viewer Viewer, bool Added) ViewerFor(string key, IReadOnlyCollection<string>? reach, DateTimeOffset now)
    {
        Forget(now);
        var added = !_viewers.TryGetValue(key, out var viewer);
        if (added)
        {
            viewer = new Viewer(changes, reach, _fullReads, logger);
            _viewers.Add(key, viewer);
        }
        viewer!.LastAsked = now;
        return (viewer, added);
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

    /// <summary>
    /// One viewer's latest figures (or their refresh under way), the matters heard to have changed since it began, and the
    /// full read under way in the background, if any, with the matters heard since it began.
    /// </summary>
    private sealed class Viewer : IDisposable
    {
        private readonly Lock _gate = new();
        private readonly MattersHeard _changed = new();
        private readonly MattersHeard _heardSinceFullRead = new();
        private readonly SemaphoreSlim _fullReads;
        private readonly ILogger _logger;
        private readonly IDisposable _watch;
        private Task<KeptFigures>? _latest;
        private Task<KeptFigures>? _fullRead;
        // Set while a prepared read waits for its turn: the viewer's look ends the wait.
        private TaskCompletionSource? _asked;

        public Viewer(InstanceChanges changes, IReadOnlyCollection<string>? reach, SemaphoreSlim fullReads, ILogger logger)
        {
            (_fullReads, _logger) = (fullReads, logger);
            _watch = changes.WatchMatters(reach, Heard);
        }

        /// <summary>Read and written under the viewers' lock, so one in use is never forgotten.</summary>
        public DateTimeOffset LastAsked { get; set; }

        private void Heard(string instanceId)
        {
            lock (_gate)
            {
                _changed.Add(instanceId);
                if (_fullRead is not null)
                {
                    _heardSinceFullRead.Add(instanceId);
                }
            }
        }

        /// <summary>Everything is read in the background, in turn, unless the viewer looks first (<see cref="DashboardSnapshots.Prepare"/>).</summary>
        public void Prepare(Func<DashboardWork?, IReadOnlyCollection<string>, Task<KeptFigures>> refresh)
        {
            lock (_gate)
            {
                var asked = _asked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _latest = Task.Run(() => InTurnAsync(refresh, asked.Task));
            }
        }

        public async Task<DashboardView> FiguresAsync(DateTimeOffset now, TimeSpan maxAge, Func<DashboardWork?, IReadOnlyCollection<string>, Task<KeptFigures>> refresh)
        {
            Task<KeptFigures> figures;
            lock (_gate)
            {
                _asked?.TrySetResult();
                _asked = null;
                TakeFullRead();
                if (_latest is null || _latest.IsFaulted || _latest.IsCanceled || _changed.TooMany || (maxAge <= TimeSpan.Zero && _latest.IsCompleted))
                {
                    // Nothing to serve meanwhile, too much changed, or nothing to be kept: everything is read while the
                    // viewer waits. A full read under way behind the figures began earlier, and is let go.
                    _changed.Clear();
                    _fullRead = null;
                    _latest = Task.Run(() => refresh(null, []));
                }
                else
                {
                    if (Aged(_latest, now, maxAge) && _fullRead is null)
                    {
                        // Everything is read again behind the figures served meanwhile; the look after it ends shows it.
                        // Taken in as soon as it ends, so that the work it replaces is not kept beside it until then.
                        _heardSinceFullRead.Clear();
                        _fullRead = Task.Run(() => InTurnAsync(refresh));
                        _fullRead.ContinueWith(_ => TakeFullReadAlone(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
                    }
                    if (_changed.Count > 0 || Turned(_latest, now))
                    {
                        // Taken before the database is read: a change heard after this point is read again next time,
                        // even if this refresh already read it, never the other way round.
                        var (basis, changed) = (_latest, _changed.Take());
                        _latest = Task.Run(() => RefreshAsync(basis, changed, refresh));
                    }
                }
                figures = _latest;
            }
            return (await figures).View;
        }

        /// <summary>Takes in a full read that has just ended (<see cref="TakeFullRead"/>), with no look under way.</summary>
        private void TakeFullReadAlone()
        {
            lock (_gate)
            {
                TakeFullRead();
            }
        }

        /// <summary>
        /// A full read that has ended becomes what the figures build on, with the matters heard since it began read again
        /// on top of it; one that failed is logged, and the next look past the age starts another.
        /// </summary>
        private void TakeFullRead()
        {
            if (_fullRead is not { IsCompleted: true } read)
            {
                return;
            }
            _fullRead = null;
            if (!read.IsCompletedSuccessfully)
            {
                _logger.LogWarning(read.Exception?.GetBaseException(), "Reading a dashboard's work again in full failed; its kept figures are served on.");
                return;
            }
            _latest = read;
            _changed.ReplaceWith(_heardSinceFullRead);
        }

        /// <summary>Reads everything once it is this viewer's turn among the background reads, or at once when <paramref name="asked"/> completes first.</summary>
        private async Task<KeptFigures> InTurnAsync(Func<DashboardWork?, IReadOnlyCollection<string>, Task<KeptFigures>> refresh, Task? asked = null)
        {
            var turn = _fullReads.WaitAsync();
            if (asked is not null && await Task.WhenAny(turn, asked) != turn)
            {
                // Someone is waiting for these figures: they are read now, and the turn is passed on when it comes.
                _ = turn.ContinueWith(_ => _fullReads.Release(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
                return await refresh(null, []);
            }
            await turn;
            try
            {
                return await refresh(null, []);
            }
            finally
            {
                _fullReads.Release();
            }
        }

        /// <summary>Builds on the refresh before it once that is done; everything is read again when that failed.</summary>
        private static async Task<KeptFigures> RefreshAsync(
            Task<KeptFigures> basis, IReadOnlyCollection<string> changed, Func<DashboardWork?, IReadOnlyCollection<string>, Task<KeptFigures>> refresh)
        {
            await ((Task)basis).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return basis.IsCompletedSuccessfully ? await refresh(basis.Result.Work, changed) : await refresh(null, []);
        }

        /// <summary>A kept task has turned due soon or overdue, or left the window, since the figures were summed up: they are summed up again, nothing read.</summary>
        private static bool Turned(Task<KeptFigures> figures, DateTimeOffset now) =>
            figures.IsCompletedSuccessfully && figures.Result.Work.NextTurn <= now;

        /// <summary>Everything was read too long ago; one under way is shared whatever its age.</summary>
        private static bool Aged(Task<KeptFigures> figures, DateTimeOffset now, TimeSpan maxAge) =>
            figures.IsCompletedSuccessfully && now - figures.Result.Work.ReadAt >= maxAge;

        public void Dispose() => _watch.Dispose();
    }

    /// <summary>Matters heard to have changed, until there are so many that reading everything again costs less.</summary>
    private sealed class MattersHeard
    {
        private HashSet<string> _matters = new(StringComparer.Ordinal);

        public bool TooMany { get; private set; }

        public int Count => _matters.Count;

        public void Add(string instanceId)
        {
            if (!TooMany && _matters.Add(instanceId) && _matters.Count > MostMattersReread)
            {
                (TooMany, _matters) = (true, new(StringComparer.Ordinal));
            }
        }

        /// <summary>The matters heard, leaving none.</summary>
        public IReadOnlyCollection<string> Take()
        {
            var taken = _matters;
            _matters = new(StringComparer.Ordinal);
            return taken;
        }

        public void Clear() => (_matters, TooMany) = (new(StringComparer.Ordinal), false);

        public void ReplaceWith(MattersHeard other) => (_matters, TooMany, other._matters, other.TooMany) = (other._matters, other.TooMany, new(StringComparer.Ordinal), false);
    }
}

/// <summary>A viewer's work as kept, and the figures last summed up from it.</summary>
public sealed record KeptFigures(DashboardWork Work, DashboardView View);
