using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Workflows.Http.Benchmarks;

/// <summary>
/// The real server as its own process on loopback (Production settings, Kestrel), so the figures include HTTP, auth
/// and JSON, and its memory and CPU are read from <c>/proc</c> apart from the load generator's.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    public const string AdminUserName = "admin";
    public const string AdminPassword = "Admin@12345";

    private readonly Process _process;
    private readonly List<string> _log;

    private ServerProcess(Process process, Uri address, List<string> log)
    {
        _process = process;
        _log = log;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<ServerProcess> StartAsync(string provider, string connectionString)
    {
        var server = Path.Combine(AppContext.BaseDirectory, "Workflows.Server.dll");
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(server);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in Settings(provider, connectionString))
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the server");
        var log = new List<string>();
        process.OutputDataReceived += (_, e) => Remember(log, e.Data);
        process.ErrorDataReceived += (_, e) => Remember(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var address = new Uri($"http://127.0.0.1:{port}");
        using var probe = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(3))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the server exited ({process.ExitCode}):\n{string.Join('\n', Snapshot(log))}");
            }
            try
            {
                if ((await probe.GetAsync("/health")).IsSuccessStatusCode)
                {
                    return new ServerProcess(process, address, log);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(250);
        }
        process.Kill(entireProcessTree: true);
        throw new TimeoutException($"the server did not become healthy in 3 minutes:\n{string.Join('\n', Snapshot(log))}");
    }

    /// <summary>The configuration both hosts get: the database, a signing key, the first administrator, quiet logs.</summary>
    public static IEnumerable<(string Key, string Value)> Settings(string provider, string connectionString) =>
    [
        ("Workflows:Database:Provider", provider),
        ("ConnectionStrings:Workflows", connectionString),
        ("Workflows:Auth:SigningKey", "http-bench-signing-key-that-is-long-enough-0123456789"),
        ("Workflows:Auth:RequirePasswordChange", "false"),
        ("Workflows:Admin:UserName", AdminUserName),
        ("Workflows:Admin:Password", AdminPassword),
        ("Logging:LogLevel:Default", "Warning"),
        ("Logging:LogLevel:Microsoft.EntityFrameworkCore", "Error"),
        ("Logging:LogLevel:Microsoft.AspNetCore", "Error"),
    ];

    /// <summary>Resident memory (VmRSS) of the server process, in MiB.</summary>
    public double ResidentMemoryMiB() => StatusMiB("VmRSS:");

    /// <summary>
    /// VmRSS split into the process's own memory (RssAnon: the .NET heap, stacks, native allocations; RssShmem: the
    /// runtime's double-mapped code) and the pages of mapped files (RssFile: the program's files, and SQLite's
    /// memory-mapped database, which the kernel may drop and read again).
    /// </summary>
    public (double Anonymous, double Shared, double Files) ResidentMemorySplitMiB() => (StatusMiB("RssAnon:"), StatusMiB("RssShmem:"), StatusMiB("RssFile:"));

    private double StatusMiB(string field)
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith(field, StringComparison.Ordinal));
        var kib = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return kib / 1024.0;
    }

    /// <summary>The server's user + system CPU time so far.</summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Remember(List<string> log, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (log)
        {
            log.Add(line);
            if (log.Count > 200)
            {
                log.RemoveAt(0);
            }
        }
    }

    /// <summary>The server's last 200 log lines (warnings and errors), for when a run had errors.</summary>
    public IReadOnlyList<string> RecentLog() => Snapshot(_log);

    private static List<string> Snapshot(List<string> log)
    {
        lock (log)
        {
            return [.. log];
        }
    }
}
