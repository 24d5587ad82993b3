using Workflows.Persistence.Changes;

namespace Workflows.Server.Instances;

/// <summary>
/// Carries <see cref="InstanceChanges"/> between the nodes sharing the database: announces this node's changes and
/// hands the others' to the pages open here. A lost database is retried after a pause; pages meanwhile refresh on
/// their fallback look.
/// </summary>
public sealed class ChangeRelay(InstanceChanges changes, ChangeBackplanes backplanes, ILogger<ChangeRelay> logger) : BackgroundService
{
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(2);

    /// <summary>This process, so a node does not hear its own announcements.</summary>
    public string Node { get; } = Guid.NewGuid().ToString("N");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (backplanes.Configured is not { } backplane)
        {
            return;
        }
        await Task.WhenAll(AnnounceAsync(backplane, stoppingToken), ListenAsync(backplane, stoppingToken));
    }

    private async Task AnnounceAsync(IChangeBackplane backplane, CancellationToken stoppingToken)
    {
        try
        {
            while (await changes.Outgoing.WaitToReadAsync(stoppingToken))
            {
                var read = new List<MatterChange>();
                while (read.Count < 500 && changes.Outgoing.TryRead(out var change))
                {
                    read.Add(change);
                }
                var batch = MatterChange.Merge(read);
                try
                {
                    await backplane.AnnounceAsync(Node, batch, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Could not tell the other nodes of {Count} changed matters; their pages refresh on their next look", batch.Count);
                    await Task.Delay(Pause, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The node is stopping.
        }
    }

    private async Task ListenAsync(IChangeBackplane backplane, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await backplane.ListenAsync(Node, changes.Heard, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Lost the other nodes' changes; listening again in {Pause}", Pause);
                try
                {
                    await Task.Delay(Pause, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
