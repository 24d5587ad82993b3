namespace Workflows.Server.Simulation;

/// <summary>The time a simulation is at: it only moves forward, when the simulation says so.</summary>
internal sealed class SimulatedClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void MoveTo(DateTimeOffset instant)
    {
        if (instant > _now)
        {
            _now = instant;
        }
    }
}
