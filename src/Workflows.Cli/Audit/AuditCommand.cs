using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Persistence;
using Workflows.Persistence.Audit;
using Workflows.Persistence.Database;

namespace Workflows.Cli.Audit;

/// <summary>
/// <c>workflows audit verify</c>: recomputes the security audit log's hash chain straight from the database, so an
/// operator can check it without the server (or with a server they do not trust).
/// </summary>
public static class AuditCommand
{
    public const string OutputSummary = "verify: the number of records checked and the first broken link, if any";

    public const string VerifyHelp =
        "Reads the AuditLog table of the server's database from the first record and checks that each record carries\n" +
        "the SHA-256 of the one before and of its own content. The database is named as the server's is: --provider\n" +
        "and --connection, or else the environment variables Workflows__Database__Provider and\n" +
        "ConnectionStrings__Workflows. Nothing is written.\n" +
        "Output (standard output):\n" +
        "  intact: N records checked\n" +
        "  broken at record S: REASON (N records before it are intact)\n" +
        "Exit codes:\n" +
        "  0  the chain is intact\n" +
        "  1  a record was changed, removed or inserted behind the application's back (the first one is named)\n" +
        "  2  the database could not be read, or the command line is wrong";

    public static Command Create(out Command verify)
    {
        var provider = new Option<string?>("--provider") { Description = "Sqlite, SqlServer or PostgreSql (default: Workflows__Database__Provider, else Sqlite)." };
        var connection = new Option<string?>("--connection") { Description = "The connection string (default: ConnectionStrings__Workflows)." };
        verify = new Command("verify", "Checks the audit log's hash chain and reports the first broken link.") { provider, connection };
        verify.SetAction((parsed, cancellationToken) => VerifyAsync(
            parsed.GetValue(provider) ?? Environment.GetEnvironmentVariable("Workflows__Database__Provider") ?? nameof(DatabaseProvider.Sqlite),
            parsed.GetValue(connection) ?? Environment.GetEnvironmentVariable("ConnectionStrings__Workflows"),
            parsed.InvocationConfiguration.Output, parsed.InvocationConfiguration.Error, cancellationToken));
        return new Command("audit", "Security audit log tools.") { verify };
    }

    public static async Task<int> VerifyAsync(string provider, string? connectionString, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{DatabaseOptions.SectionName}:Provider"] = provider,
            [$"ConnectionStrings:{DatabaseOptions.ConnectionStringName}"] = connectionString,
        }).Build();
        await using var services = new ServiceCollection().AddWorkflowPersistence(configuration).BuildServiceProvider();
        try
        {
            var audit = new AuditLog(services.GetRequiredService<IDbContextFactory<WorkflowsDbContext>>());
            var result = await audit.VerifyAsync(cancellationToken);
            if (result.BrokenAt is { } broken)
            {
                await output.WriteLineAsync($"broken at record {broken}: {result.Reason} ({result.Checked} records before it are intact)");
                return ExitCodes.Invalid;
            }
            await output.WriteLineAsync($"intact: {result.Checked} records checked");
            return ExitCodes.Ok;
        }
        // Whatever the provider throws for a wrong connection string, an unreachable server or a missing table.
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await error.WriteLineAsync($"error: the audit log could not be read: {ex.Message.ReplaceLineEndings(" ")}");
            return ExitCodes.Unreadable;
        }
    }
}
