using System.Diagnostics;

namespace Workflows.Server.Tests.Operations;

/// <summary>The built server run as its own process, the way an operator starts it, with settings as environment variables.</summary>
public static class ServerProcess
{
    public static Task<(int ExitCode, string Output)> RunAsync(IReadOnlyDictionary<string, string> environment, TimeSpan timeout, params string[] args) =>
        RunInAsync(AppContext.BaseDirectory, environment, timeout, args);

    /// <summary>Started from <paramref name="workingDirectory"/>, as a service manager may start it.</summary>
    public static async Task<(int ExitCode, string Output)> RunInAsync(
        string workingDirectory, IReadOnlyDictionary<string, string> environment, TimeSpan timeout, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Workflows.Server.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the server did not exit within {timeout}: {await output}{await error}");
        }
        return (process.ExitCode, await output + await error);
    }

    /// <summary>Production settings that pass every other start-up check, so only the database can fail.</summary>
    public static Dictionary<string, string> Production(string provider, string connectionString) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["Workflows__Database__Provider"] = provider,
        ["ConnectionStrings__Workflows"] = connectionString,
        ["Workflows__Admin__UserName"] = "admin",
        ["Workflows__Admin__Password"] = "Admin@12345",
        ["Workflows__Auth__SigningKey"] = "operations-test-signing-key-0123456789abcdef",
        ["Logging__Console__FormatterName"] = "simple",
    };
}
