namespace Workflows.Benchmarks.Harness;

public enum Engine
{
    Ours,
    WorkflowCore,
}

public enum Flow
{
    /// <summary>Ten trivial steps run back to back; the instance completes in one go.</summary>
    Sequence,

    /// <summary>Three waits (user tasks / events), each resumed in turn by an outside command.</summary>
    Approval,
}

/// <summary>
/// One engine, set up once like a long-running server (container, registrations, host threads, JIT all warm), that
/// runs batches of instances of one flow. <see cref="ResetAsync"/> empties its store between batches, so every batch
/// starts from fresh state; only <see cref="RunAsync"/> is measured.
/// </summary>
public interface IFlowRun : IAsyncDisposable
{
    Engine Engine { get; }
    Flow Flow { get; }

    /// <summary>Forgets every instance, so the next batch runs against an empty in-memory store, and starts any
    /// background workers the engine needs.</summary>
    Task ResetAsync();

    /// <summary>Stops background workers between batches, so they cannot cost another engine's batch anything.</summary>
    Task PauseAsync();

    /// <summary>Runs <paramref name="instances"/> new instances of the flow until every one has completed.</summary>
    Task RunAsync(int instances);
}

public static class FlowRuns
{
    public static IFlowRun Create(Engine engine, Flow flow) => engine switch
    {
        Engine.Ours => new Ours.OurFlowRun(flow),
        Engine.WorkflowCore => new Peer.PeerFlowRun(flow),
        _ => throw new ArgumentOutOfRangeException(nameof(engine)),
    };
}
