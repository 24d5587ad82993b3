using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace Workflows.Persistence.Database.Sqlite;

/// <summary>
/// How a connection waits for SQLite's write lock while another connection holds it: it tries again after 1 ms, then
/// every 2 ms, for up to <see cref="Timeout"/>. SQLite's own handler (<c>busy_timeout</c>) backs off to 100 ms a try, so
/// under many writers one that had already waited long slept through the lock's releases and lost it to writers that had
/// just arrived: completions took 2.2–2.6 s at p99 with 50 people at work (docs/benchmarks.md, "Threads asleep in
/// SQLite's busy handler"). Here every waiter has the same chance at each release. SQLitePCLRaw does not expose
/// <c>sqlite3_busy_handler</c>, so it is called in the same native library Microsoft.Data.Sqlite uses.
/// </summary>
public static unsafe partial class SqliteLockWait
{
    /// <summary>The longest a connection waits for the lock before SQLite answers "database is locked".</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    // Measured with Stopwatch ticks: SQLite gives the handler only the number of tries so far in this wait.
    private static readonly long TimeoutTicks = (long)(Timeout.TotalSeconds * Stopwatch.Frequency);

    [ThreadStatic]
    private static long t_waitingSince;

    // Set where the SQLite library is not the bundled one: connections then keep their busy timeout.
    private static bool s_unavailable;

    /// <summary>
    /// Installs the handler on <paramref name="connection"/>, replacing the busy timeout it was opened with; false (and
    /// that timeout kept) when this process's SQLite is not the bundled <c>e_sqlite3</c>.
    /// </summary>
    public static bool Install(SqliteConnection connection) => connection.Handle is { } handle && Install(handle);

    /// <summary>The same for a connection another library opened over SQLitePCLRaw (Hangfire's SQLite storage).</summary>
    public static bool Install(SQLitePCL.sqlite3 database)
    {
        if (s_unavailable)
        {
            return false;
        }
        try
        {
            var result = sqlite3_busy_handler(database.DangerousGetHandle(), &OnBusy, IntPtr.Zero);
            if (result != 0)
            {
                throw new InvalidOperationException($"SQLite refused the busy handler (result code {result}).");
            }
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            s_unavailable = true;
            return false;
        }
    }

    /// <summary>Called by SQLite on the waiting thread each time the lock is found held; nonzero means try again.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int OnBusy(IntPtr argument, int tries)
    {
        var now = Stopwatch.GetTimestamp();
        if (tries == 0)
        {
            t_waitingSince = now;
        }
        else if (now - t_waitingSince >= TimeoutTicks)
        {
            return 0;
        }
        Thread.Sleep(tries == 0 ? 1 : 2);
        return 1;
    }

    [LibraryImport("e_sqlite3")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    private static partial int sqlite3_busy_handler(IntPtr database, delegate* unmanaged[Cdecl]<IntPtr, int, int> handler, IntPtr argument);
}
