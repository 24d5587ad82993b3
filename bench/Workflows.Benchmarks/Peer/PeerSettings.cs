namespace Workflows.Benchmarks.Peer;

/// <summary>
/// How Workflow Core is tuned, as a user who cares about latency would. Its defaults in 3.22 (poll every 10 s, idle
/// 100 ms when a queue consumer is at its concurrency limit) suit a database-backed cluster and would put up to
/// seconds between a published event and the step waiting for it. Everything else keeps its defaults (e.g. at most
/// 4 workflows executing at once on this 2-core machine, lifecycle events on).
/// </summary>
public static class PeerSettings
{
    /// <summary>How often the runnable poller looks for due instances and unprocessed events.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>How long a queue consumer waits before trying again when it is at its concurrency limit.</summary>
    public static readonly TimeSpan IdleTime = TimeSpan.FromMilliseconds(1);

    /// <summary>A batch that has not finished by then is reported as a failure rather than waited for forever.</summary>
    public static readonly TimeSpan BatchTimeout = TimeSpan.FromSeconds(120);
}
