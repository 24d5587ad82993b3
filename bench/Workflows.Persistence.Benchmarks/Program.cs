using System.Diagnostics;
using System.Runtime;
using System.Runtime.InteropServices;
using Workflows.Persistence.Benchmarks;

BenchOptions options;
try
{
    options = BenchOptions.Parse(args, Environment.GetEnvironmentVariable);
}
catch (UsageException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    Console.Error.WriteLine("run with --help for the options");
    return 2;
}
if (options.Help)
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

Console.WriteLine("Workflows.Persistence.Benchmarks: the engine on the EF store vs. the same transactions in plain ADO.NET");
Console.WriteLine($"  command: {Environment.CommandLine}");
Console.WriteLine($"  .NET {Environment.Version}, {RuntimeInformation.OSDescription}, {Environment.ProcessorCount} cores, " +
    $"{(GCSettings.IsServerGC ? "server" : "workstation")} GC, {(Debugger.IsAttached ? "debugger attached" : "no debugger")}" +
#if DEBUG
    ", DEBUG build (numbers are not meaningful)");
#else
    ", Release build");
#endif
Console.WriteLine($"  {options.Instances} instances per measurement ({options.Instances * 4} transactions), {options.Rounds} rounds, warm-up {options.WarmupInstances} instances");

var reports = new List<ProviderReport>();
var failed = false;
var total = Stopwatch.StartNew();
foreach (var provider in options.Providers)
{
    DatabaseServer server;
    if (provider == BenchProvider.Postgres)
    {
        if (options.Postgres is null)
        {
            Console.WriteLine();
            Console.WriteLine($"PostgreSQL skipped: give a server connection string with --postgres or {BenchOptions.PostgresVariable}.");
            continue;
        }
        var postgres = new PostgresServer(options.Postgres);
        try
        {
            Console.WriteLine();
            Console.WriteLine($"PostgreSQL {await postgres.ServerVersionAsync(cancel.Token)}");
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or System.Net.Sockets.SocketException or ArgumentException)
        {
            Console.Error.WriteLine($"PostgreSQL not reachable ({ex.Message}); PostgreSQL skipped.");
            failed = true;
            continue;
        }
        server = postgres;
    }
    else
    {
        server = new SqliteServer();
        Console.WriteLine();
    }
    await using (server)
    {
        try
        {
            var runner = new ProviderRunner(server, options, Console.Out);
            reports.Add(await runner.RunAsync(cancel.Token));
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("cancelled");
            return 130;
        }
    }
}

Console.WriteLine();
Console.WriteLine($"Total run time {total.Elapsed.TotalSeconds:F0} s.");
if (reports.Count > 0)
{
    Console.WriteLine();
    Console.WriteLine(ProviderReport.MarkdownSummary(reports));
}
return failed ? 1 : 0;
