namespace Workflows.Scheduling.Hosting;

/// <summary>Section <c>Workflows:Scheduling</c>: how promptly timers fire and how the sweep finds lost ones.</summary>
public sealed class SchedulingOptions
{
    public const string SectionName = "Workflows:Scheduling";

    /// <summary>How often Hangfire looks for scheduled jobs that are due; its own default (15 s) makes timers late.</summary>
    public TimeSpan SchedulePollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Hangfire workers in this process; timer and e-mail jobs mostly wait on the database and SMTP, so more than the cores.</summary>
    public int WorkerCount { get; set; } = 20;

    /// <summary>How many due timers one tick fires at once; each is an engine burst, mostly waiting on the database.</summary>
    public int TimerParallelism { get; set; } = 8;

    /// <summary>
    /// Timers due within this long of the commit that planned them also fire from that node's own alarm, at the due
    /// instant rather than up to two seconds later through Hangfire (which still fires them if the node is gone).
    /// Zero turns the alarms off; at most <see cref="MaxInProcessFiringHorizon"/>, what a .NET timer can wait.
    /// </summary>
    public TimeSpan InProcessFiringHorizon { get; set; } = TimeSpan.FromHours(1);

    public static readonly TimeSpan MaxInProcessFiringHorizon = TimeSpan.FromDays(49);

    /// <summary>
    /// A timer or message still waiting this long after it was due has lost its job (a crash between the commit and
    /// scheduling it); the sweep fires it.
    /// </summary>
    public TimeSpan SweepAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// On PostgreSQL, a Hangfire lock held this long is deemed left by a node killed while holding it, and is taken
    /// over. Hangfire's schedulers hold theirs for milliseconds, but one left by a killed node stopped the sweep and
    /// every scheduled job for the storage's own default, 10 min. SQLite's locks expire by themselves (30 s) and SQL
    /// Server's go with the session.
    /// </summary>
    public TimeSpan AbandonedLockAfter { get; set; } = TimeSpan.FromMinutes(1);
}
