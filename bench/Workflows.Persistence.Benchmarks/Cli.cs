using System.Globalization;

namespace Workflows.Persistence.Benchmarks;

public enum BenchProvider
{
    Sqlite,
    Postgres,
}

/// <summary>The command line; <see cref="Parse"/> throws <see cref="UsageException"/> with a readable message.</summary>
public sealed class BenchOptions
{
    public const string PostgresVariable = "WORKFLOWS_BENCH_POSTGRES";
    public const int DefaultInstances = 200;
    public const int DefaultRounds = 5;
    public const int DefaultWarmupInstances = 100;

    public IReadOnlyList<BenchProvider> Providers { get; private init; } = [BenchProvider.Sqlite, BenchProvider.Postgres];
    public int Instances { get; private init; } = DefaultInstances;
    public int Rounds { get; private init; } = DefaultRounds;
    public int WarmupInstances { get; private init; } = DefaultWarmupInstances;
    /// <summary>Server connection string; null when neither the option nor the environment variable gives one.</summary>
    public string? Postgres { get; private init; }
    public bool Help { get; private init; }
    public bool ShowSql { get; private init; }
    public bool Profile { get; private init; }

    public static string Usage => $$"""
        Workflows.Persistence.Benchmarks — end to end: the engine on the EF store versus the same transactions in plain ADO.NET.

        Each instance of a three-UserTask approval (Start → a → b → c → End) is started and its three tasks completed:
        4 transactions per instance. Every measurement gets its own copy of one database in use (the warm-up's finished
        approvals, with PostgreSQL's planner statistics gathered); engine and baseline rounds interleave;
        the report gives the median completed instances per second and the engine/baseline ratio per provider. After
        each measurement both databases are held to the engine's row counts, and one of the baseline's instances to the
        engine's rows column by column; a difference stops the run, naming the table, row and column.

        Usage: dotnet run -c Release --project bench/Workflows.Persistence.Benchmarks -- [options]

          --provider sqlite|postgres|both   which databases (default both)
          --instances N                     instances per measurement (default {{DefaultInstances}})
          --rounds K                        measured rounds, each one engine and one baseline run (default {{DefaultRounds}})
          --warmup N                        instances in the unmeasured warm-up runs (default {{DefaultWarmupInstances}})
          --postgres "connection string"    a PostgreSQL server whose user may create databases
                                            (default: environment variable {{PostgresVariable}}; without either,
                                            PostgreSQL is skipped with a message)
          --show-sql                        print the SQL the EF store runs for one instance (EF's command log)
          --profile                         after the rounds, a Stopwatch breakdown of where the engine's time goes,
                                            and what its allocations are, by type (the runtime's allocation sampling)
          --help                            this text
        """;

    public static BenchOptions Parse(string[] args, Func<string, string?> environment)
    {
        IReadOnlyList<BenchProvider> providers = [BenchProvider.Sqlite, BenchProvider.Postgres];
        int instances = DefaultInstances, rounds = DefaultRounds, warmup = DefaultWarmupInstances;
        string? postgres = null;
        bool help = false, showSql = false, profile = false;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "--help" or "-h" or "-?":
                    help = true;
                    break;
                case "--provider":
                    providers = Value(args, ref i, arg).ToLowerInvariant() switch
                    {
                        "sqlite" => [BenchProvider.Sqlite],
                        "postgres" or "postgresql" => [BenchProvider.Postgres],
                        "both" => [BenchProvider.Sqlite, BenchProvider.Postgres],
                        var other => throw new UsageException($"--provider '{other}' is not one of sqlite, postgres, both"),
                    };
                    break;
                case "--instances":
                    instances = Positive(args, ref i, arg);
                    break;
                case "--rounds":
                    rounds = Positive(args, ref i, arg);
                    break;
                case "--warmup":
                    warmup = Positive(args, ref i, arg);
                    break;
                case "--postgres":
                    postgres = Value(args, ref i, arg);
                    break;
                case "--show-sql":
                    showSql = true;
                    break;
                case "--profile":
                    profile = true;
                    break;
                default:
                    throw new UsageException($"unknown option '{arg}'");
            }
        }
        if (string.IsNullOrWhiteSpace(postgres))
        {
            postgres = environment(PostgresVariable);
        }
        return new BenchOptions
        {
            Providers = providers,
            Instances = instances,
            Rounds = rounds,
            WarmupInstances = warmup,
            Postgres = string.IsNullOrWhiteSpace(postgres) ? null : postgres,
            Help = help,
            ShowSql = showSql,
            Profile = profile,
        };
    }

    private static string Value(string[] args, ref int i, string option) =>
        ++i < args.Length ? args[i] : throw new UsageException($"{option} needs a value");

    private static int Positive(string[] args, ref int i, string option)
    {
        var text = Value(args, ref i, option);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new UsageException($"{option} needs a positive whole number, got '{text}'");
    }
}

public sealed class UsageException(string message) : Exception(message);
