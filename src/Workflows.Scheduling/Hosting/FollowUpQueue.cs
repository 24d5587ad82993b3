using System.Threading.Channels;

namespace Workflows.Scheduling.Hosting;

/// <summary>What one committed burst needs scheduled: a tick at each of these seconds, and these e-mails sent.</summary>
internal sealed record FollowUp(IReadOnlyList<DateTimeOffset> Ticks, IReadOnlyList<string> MessageIds);

/// <summary>
/// Committed bursts waiting for their Hangfire jobs. Creating a job takes Hangfire's storage lock, which its own
/// workers hold while polling, so the request that committed hands the work over here instead of waiting for it.
/// </summary>
internal sealed class FollowUpQueue
{
    private readonly Channel<FollowUp> _waiting = Channel.CreateUnbounded<FollowUp>(new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<FollowUp> Reader => _waiting.Reader;

    public void Add(FollowUp followUp) => _waiting.Writer.TryWrite(followUp);
}
