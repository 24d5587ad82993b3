using Workflows.Persistence.Database;

namespace Workflows.Cli.Seeding;

/// <summary>What <c>workflows seed</c> was asked to make, checked.</summary>
public sealed record SeedSettings(
    DatabaseProvider Provider,
    string ConnectionString,
    int Matters,
    int Users,
    int Departments,
    int Years,
    string Password,
    int Workers,
    string DefinitionsPath)
{
    /// <summary>Fixed, so two seeds of the same size plan the same matters (ids, and where "now" cuts them off, aside).</summary>
    public const int RandomSeed = 17;

    public const string DefaultPassword = "Seed@12345";

    /// <summary>
    /// The random numbers of matter <paramref name="number"/>. Its seed is scrambled (SplitMix64's finaliser): a seeded
    /// <see cref="Random"/> starts almost in step with the one seeded next to it, and with plain consecutive seeds the
    /// procedure a matter got followed from whether it was meant to finish.
    /// </summary>
    public static Random RandomFor(int number)
    {
        var z = unchecked((ulong)number + 0x9E3779B97F4A7C15UL * RandomSeed);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return new Random((int)(z ^ (z >> 31)));
    }

    /// <returns>What is wrong with the command line, naming the option; null when <paramref name="settings"/> is set.</returns>
    public static string? Check(string provider, string? connectionString, int matters, int users, int departments, int years,
        string password, int workers, string definitionsPath, out SeedSettings? settings)
    {
        settings = null;
        var options = new DatabaseOptions { Provider = provider, ConnectionString = connectionString };
        var problem = options.FindProvider() is null ? $"--provider: unknown database provider '{provider}' (use Sqlite, SqlServer or PostgreSql)"
            : matters <= 0 ? $"--matters: must be at least 1, not {matters}"
            : departments < SeedOrganisation.MinimumDepartments ? $"--departments: must be at least {SeedOrganisation.MinimumDepartments}, not {departments}"
            : users < SeedOrganisation.MinimumUsers(departments) ? $"--users: {departments} departments need at least {SeedOrganisation.MinimumUsers(departments)} users, not {users}"
            : years <= 0 ? $"--years: must be at least 1, not {years}"
            : workers <= 0 ? $"--workers: must be at least 1, not {workers}"
            : string.IsNullOrEmpty(password) ? "--password: must not be empty"
            : !Directory.Exists(definitionsPath) ? $"--definitions: no folder '{definitionsPath}'"
            : string.IsNullOrWhiteSpace(options.ResolveConnectionString()) ? "--connection: a connection string is required for this provider"
            : null;
        if (problem is null)
        {
            settings = new SeedSettings(options.FindProvider()!.Value, options.ResolveConnectionString(), matters, users, departments, years, password, workers, definitionsPath);
        }
        return problem;
    }
}
