using System.Threading.Channels;
using Workflows.Core.Runtime;
using Workflows.Persistence.Instances;
using Workflows.Persistence.Timers;

namespace Workflows.Server.MatterBatches;

/// <summary>Wakes the <see cref="TaskCompletionDispatcher"/> as soon as a burst that completes other matters' tasks has committed.</summary>
public sealed class TaskCompletionSignal : ICommitFollowUp
{
    private readonly Channel<bool> _pending = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Committed(string instanceId, IReadOnlyList<TimerRecord> timers, IReadOnlyList<OutboxMessage> messages, IReadOnlySet<string> reached)
    {
        if (messages.Any(m => m.Kind == SideEffectKinds.TaskCompletion))
        {
            _pending.Writer.TryWrite(true);
        }
    }

    /// <summary>Completes when a completion was asked for since the last call, or after <paramref name="timeout"/>.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        linked.CancelAfter(timeout);
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
