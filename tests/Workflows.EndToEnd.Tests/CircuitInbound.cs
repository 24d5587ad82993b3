using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Workflows.EndToEnd.Tests;

/// <summary>
/// Every message from a browser to the server's circuits, counted, and held for <see cref="Delay"/> before the circuit
/// handles it: a server too busy to keep up with the keys typed, while its own timers (an input's debounce) still run
/// on time.
/// </summary>
public sealed class CircuitInbound : CircuitHandler
{
    private int _count;

    public TimeSpan Delay { get; set; }

    /// <summary>How many messages the circuits have heard, events, interop replies and render acknowledgements alike.</summary>
    public int Count => Volatile.Read(ref _count);

    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        async context =>
        {
            Interlocked.Increment(ref _count);
            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay);
            }
            await next(context);
        };
}
