using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Workflows.EndToEnd.Tests;

/// <summary>
/// Holds every message from the browser for <see cref="Delay"/> before the circuit handles it: a server too busy to
/// keep up with the keys typed, while its own timers (an input's debounce) still run on time.
/// </summary>
public sealed class CircuitLag : CircuitHandler
{
    public TimeSpan Delay { get; set; }

    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        async context =>
        {
            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay);
            }
            await next(context);
        };
}
