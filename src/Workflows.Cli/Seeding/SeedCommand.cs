using System.CommandLine;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Workflows.Core.Runtime;
using Workflows.Persistence.Database;

namespace Workflows.Cli.Seeding;

/// <summary>
/// <c>workflows seed --matters N</c>: a district office's year of work made through the engine and its store, for
/// benchmarks and demonstrations on a realistic volume.
/// </summary>
public static class SeedCommand
{
    public const string OutputSummary = "progress on standard error; then one NAME: COUNT line per kind of row made";

    public const string OutputHelp =
        "Prepares the database as the server does at start (creates or migrates the schema, imports and publishes the\n" +
        "definitions of --definitions, stores the shipped calendar years), adds the organisation it lacks (departments,\n" +
        "roles, users), then starts N matters of health-review, fair-competition-review, fire-hazard-supervision and\n" +
        "vehicle-scrapping and drives each through the engine as its people and the scheduler would, in the past: about\n" +
        "70% run to their end over the last --years years, the rest are open at various steps, many overdue. Every row is\n" +
        "what real use writes: instances, tasks and their signers, journal, outbox (e-mails recorded as sent, since they\n" +
        "belong to the past; document requests left Pending: the server's dispatcher renders them once it runs), timers,\n" +
        "uploaded files. Meant for an empty database; on one with data it only adds (users it finds are kept as they are).\n" +
        "Users are named after their role and a number (district-leader-1, drafter-12, health-expert-3, hazard-unit-5, ...)\n" +
        "and all sign in with --password.\n" +
        "Output (standard output), counts of what the database gained:\n" +
        "  departments: N / users: N / matters: N / finished: N / open: N / faulted: N / tasks: N / open tasks: N /\n" +
        "  overdue tasks: N / countersign tasks: N / journal rows: N / outbox rows: N / e-mails: N /\n" +
        "  document requests: N / timers: N / attachments: N   (one per line)\n" +
        "  then: seconds: S\n" +
        "Example:\n" +
        "  $ workflows seed --provider Sqlite --connection \"Data Source=bench.db\" --matters 20000   (about 100,000 tasks)\n" +
        "On SQLite the seed commits without waiting for the disk (synchronous=NORMAL) and its workers take turns writing.\n" +
        "Exit codes:\n" +
        "  0  the matters were made\n" +
        "  1  the engine refused a step of a matter (the seed answered a task wrongly: a bug, named in the message)\n" +
        "  2  the command line is wrong, or the database cannot be used (unreachable, newer than this build)";

    public static Command Create()
    {
        var provider = new Option<string?>("--provider") { Description = "Sqlite, SqlServer or PostgreSql (default: Workflows__Database__Provider, else Sqlite)." };
        var connection = new Option<string?>("--connection") { Description = "The connection string (default: ConnectionStrings__Workflows, else the server's ./data/workflows.db)." };
        var matters = new Option<int>("--matters") { Description = "How many matters to make.", Required = true, HelpName = "N" };
        var users = new Option<int>("--users") { Description = "How many people the organisation has.", DefaultValueFactory = _ => 500 };
        var departments = new Option<int>("--departments") { Description = "How many departments it has.", DefaultValueFactory = _ => 30 };
        var years = new Option<int>("--years") { Description = "How many years back the matters are spread.", DefaultValueFactory = _ => 1 };
        var password = new Option<string>("--password") { Description = "The password every seeded user signs in with.", DefaultValueFactory = _ => SeedSettings.DefaultPassword };
        var workers = new Option<int>("--workers") { Description = "Matters driven side by side (the default is the number of processors).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var definitions = new Option<string>("--definitions")
        {
            Description = "The folder of shipped definitions (and calendars/), as the server's Workflows:Server:DefinitionsPath.",
            DefaultValueFactory = _ => Path.Combine(AppContext.BaseDirectory, "definitions"),
            HelpName = "DIR",
        };
        var command = new Command("seed", "Fills a database with an organisation and N realistic matters, through the engine.")
        {
            provider, connection, matters, users, departments, years, password, workers, definitions,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var error = parsed.InvocationConfiguration.Error;
            var problem = SeedSettings.Check(
                parsed.GetValue(provider) ?? Environment.GetEnvironmentVariable("Workflows__Database__Provider") ?? nameof(DatabaseProvider.Sqlite),
                parsed.GetValue(connection) ?? Environment.GetEnvironmentVariable("ConnectionStrings__Workflows"),
                parsed.GetValue(matters), parsed.GetValue(users), parsed.GetValue(departments), parsed.GetValue(years),
                parsed.GetValue(password) ?? "", parsed.GetValue(workers), parsed.GetValue(definitions) ?? "", out var settings);
            if (problem is not null)
            {
                await error.WriteLineAsync($"error: {problem}");
                return ExitCodes.Unreadable;
            }
            return await RunAsync(settings!, parsed.InvocationConfiguration.Output, error, cancellationToken);
        });
        return command;
    }

    public static async Task<int> RunAsync(SeedSettings settings, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            var made = await new SeedRun(settings, error).RunAsync(cancellationToken);
            foreach (var line in made.Lines())
            {
                await output.WriteLineAsync(line);
            }
            await output.WriteLineAsync($"seconds: {watch.Elapsed.TotalSeconds:0.0}");
            return ExitCodes.Ok;
        }
        catch (WorkflowCommandException ex)
        {
            await error.WriteLineAsync($"error: the engine refused a step: {ex.Message}");
            return ExitCodes.Invalid;
        }
        catch (Exception ex) when (ex is DatabaseStartupException or SeedException or DbException or DbUpdateException)
        {
            await error.WriteLineAsync($"error: cannot seed: {ex.Message.ReplaceLineEndings(" ")}");
            return ExitCodes.Unreadable;
        }
    }
}
