using System.Threading.Channels;
using Workflows.Core.Runtime;
using Workflows.Persistence.Instances;
using Workflows.Persistence.Timers;

namespace Workflows.Server.Documents;

/// <summary>
/// Wakes the dispatcher as soon as a burst that asked for a document has committed, so the document is there a
/// moment after the step; the dispatcher's poll remains the safety net for a wake-up lost in a crash.
/// </summary>
public sealed class DocumentSignal : ICommitFollowUp
{
    private readonly Channel<bool> _pending = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Committed(string instanceId, IReadOnlyList<TimerRecord> timers, IReadOnlyList<OutboxMessage> messages, IReadOnlySet<string> reached)
    {
        if (messages.Any(m => m.Kind == SideEffectKinds.Document))
        {
            _pending.Writer.TryWrite(true);
        }
    }

    /// <summary>Completes when a document was asked for since the last call, or after <paramref name="timeout"/>.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timeoutSource = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        try
        {
            await _pending.Reader.ReadAsync(linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The poll interval passed without a wake-up: look anyway.
        }
    }
}
