using System.Diagnostics;

namespace Workflows.Benchmarks.Harness;

/// <summary>The parent side of the interleaved mode: starts this program again as one engine and flow's worker and talks to it.</summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private WorkerProcess(Engine engine, Flow flow)
    {
        Engine = engine;
        Flow = flow;
        var start = new ProcessStartInfo
        {
            FileName = Environment.ProcessPath ?? "dotnet",
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        // Started as "dotnet Workflows.Benchmarks.dll" the program must name its assembly; as the apphost it need not.
        if (Path.GetFileNameWithoutExtension(start.FileName) == "dotnet")
        {
            start.ArgumentList.Add(typeof(WorkerProcess).Assembly.Location);
        }
        start.ArgumentList.Add(EngineWorker.Mode);
        start.ArgumentList.Add(engine.ToString());
        start.ArgumentList.Add(flow.ToString());
        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start a worker process");
    }

    public Engine Engine { get; }
    public Flow Flow { get; }

    public static WorkerProcess Start(Engine engine, Flow flow) => new(engine, flow);

    public async Task<string> SendAsync(string command)
    {
        await _process.StandardInput.WriteLineAsync(command);
        await _process.StandardInput.FlushAsync();
        var reply = await _process.StandardOutput.ReadLineAsync()
            ?? throw new InvalidOperationException($"the {Engine} {Flow} worker exited (code {(_process.HasExited ? _process.ExitCode : -1)}) on '{command}'");
        return reply.StartsWith("error", StringComparison.Ordinal) ? throw new InvalidOperationException($"{Engine} {Flow} worker: {reply}") : reply;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await _process.StandardInput.WriteLineAsync("quit");
            await _process.StandardInput.FlushAsync();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
