using System.Runtime.CompilerServices;

namespace Workflows.Cli.Seeding;

/// <summary>
/// The engine's clock while seeding: each matter lives in its own past, set and advanced by the worker driving it.
/// The time flows with the async call, so workers running side by side on one engine each see their own matter's
/// "now"; outside a matter it is the real time.
/// </summary>
public sealed class MatterClock : TimeProvider
{
    // A box, not the value: an async method that moves the time must be seen by its caller too, and an AsyncLocal
    // value set inside a callee does not flow back out.
    private readonly AsyncLocal<StrongBox<DateTimeOffset>?> _now = new();

    /// <summary>Starts a matter's own time in the calling flow; call it before the methods that move it.</summary>
    public void Begin(DateTimeOffset at) => _now.Value = new StrongBox<DateTimeOffset>(at);

    public DateTimeOffset Now
    {
        get => _now.Value?.Value ?? System.GetUtcNow();
        set => (_now.Value ?? throw new InvalidOperationException("no matter's time begun in this flow")).Value = value;
    }

    public override DateTimeOffset GetUtcNow() => Now;
}
