namespace Workflows.Benchmarks.Peer;

/// <summary>
/// How Workflow Core is tuned, as a user who cares about latency would: its defaults (poll every 10 s, idle 500 ms
/// between empty queue reads) are made for databases and would put whole seconds between a published event and the
/// step that waits for it.
/// </summary>
public static class PeerSettings
{
    /// <summary>How often the runnable poller looks for due instances and unprocessed events.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>How long a queue consumer waits when its queue is empty or it is at its concurrency limit.</summary>
    public static readonly TimeSpan IdleTime = TimeSpan.FromMilliseconds(1);

    /// <summary>A batch that has not finished by then is reported as a failure rather than waited for forever.</summary>
    public static readonly TimeSpan BatchTimeout = TimeSpan.FromSeconds(120);
}
