using System.Diagnostics;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Workflows.EndToEnd.Tests;

/// <summary>
/// Every message from a browser to the server's circuits, counted, and held for <see cref="Delay"/> before the circuit
/// handles it: a server too busy to keep up with the keys typed, while its own timers (an input's debounce) still run
/// on time. A circuit's messages reach it in the order the browser sent them, as over a real line.
/// </summary>
public sealed class CircuitInbound : CircuitHandler
{
    private int _count;

    public TimeSpan Delay { get; set; }

    /// <summary>How many messages the circuits have heard, events, interop replies and render acknowledgements alike.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>
    /// Called once per circuit. Each message waits for the one before it to be handed on: held messages whose delays
    /// end in one tick of the timer would otherwise be handed on from several threads at once, and a click could reach
    /// the field before the focus that came first (the focus request it then sends took the next field's keys).
    /// </summary>
    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next)
    {
        var gate = new Lock();
        var previousHandedOn = Task.CompletedTask;
        return async context =>
        {
            Interlocked.Increment(ref _count);
            var arrived = Stopwatch.GetTimestamp();
            var handedOn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Task previous;
            lock (gate)
            {
                previous = previousHandedOn;
                previousHandedOn = handedOn.Task;
            }
            Task handled;
            try
            {
                await previous;
                var wait = Delay - Stopwatch.GetElapsedTime(arrived);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait);
                }
                // The circuit queues the message on its dispatcher before this returns, so order is kept from here on.
                handled = next(context);
            }
            finally
            {
                handedOn.SetResult();
            }
            await handled;
        };
    }
}
