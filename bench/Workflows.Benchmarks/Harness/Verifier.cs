using Workflows.Benchmarks.Ours;
using Workflows.Benchmarks.Peer;

namespace Workflows.Benchmarks.Harness;

/// <summary>The verify mode: each flow on each engine, checked for the semantics the comparison relies on.</summary>
public static class Verifier
{
    public static async Task RunAsync(TextWriter output)
    {
        foreach (var flow in Enum.GetValues<Flow>())
        {
            foreach (var engine in Enum.GetValues<Engine>())
            {
                await using var run = FlowRuns.Create(engine, flow);
                var result = run switch
                {
                    OurFlowRun ours => await OurVerifier.VerifyAsync(ours),
                    PeerFlowRun peer => await PeerVerifier.VerifyAsync(peer),
                    _ => throw new InvalidOperationException($"no verifier for {run.GetType().Name}"),
                };
                output.WriteLine($"ok  {flow,-9} {engine,-13} {result}");
            }
        }
    }
}
