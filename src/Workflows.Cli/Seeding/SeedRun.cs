using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Workflows.Core;
using Workflows.Core.Calendar;
using Workflows.Core.Organisation;
using Workflows.Core.Runtime;
using Workflows.Persistence;
using Workflows.Persistence.Calendar;
using Workflows.Persistence.Database;
using Workflows.Persistence.Definitions;
using Workflows.Persistence.Instances;

namespace Workflows.Cli.Seeding;

/// <summary>
/// One seed: the database prepared as the server prepares it at start (schema migrated, shipped definitions imported
/// and published, shipped calendar years stored and loaded), the organisation written, then the matters driven by
/// parallel workers on one engine, each matter in its own time.
/// </summary>
public sealed class SeedRun(SeedSettings settings, TextWriter progress)
{
    /// <summary>A finished matter started at least this long ago, so it had time to end.</summary>
    private static readonly TimeSpan FinishingTime = TimeSpan.FromDays(30);

    /// <summary>Open matters were started in the last weeks: the office's current work.</summary>
    private static readonly TimeSpan OpenWindow = TimeSpan.FromDays(45);

    private const double FinishedShare = 0.68;

    public async Task<SeedCounts> RunAsync(CancellationToken cancellationToken)
    {
        var organisation = SeedOrganisation.Create(settings.Departments, settings.Users);
        var clock = new MatterClock();
        await using var services = Services(organisation, clock);
        var contexts = services.GetRequiredService<IDbContextFactory<WorkflowsDbContext>>();

        await services.PrepareWorkflowDatabaseAsync(migrate: true, cancellationToken);
        await ImportDefinitionsAsync(services, cancellationToken);
        await LoadCalendarAsync(contexts, services.GetRequiredService<StatutoryCalendar>(), cancellationToken);
        var horizon = clock.Now;
        var before = await SeedCounts.ReadAsync(contexts, horizon, cancellationToken);
        var pendingBefore = await PendingEmailsAsync(contexts, cancellationToken);
        var added = await OrganisationWriter.WriteAsync(contexts, organisation, settings.Password, cancellationToken);
        await progress.WriteLineAsync(
            $"organisation: {organisation.Departments.Count} departments, {organisation.People.Count} users ({added} new, signing in with password {settings.Password}); " +
            $"seeding {settings.Matters} matters with {settings.Workers} workers");

        var driver = services.GetRequiredService<MatterDriver>();
        var next = -1;
        var done = 0;
        var watch = Stopwatch.StartNew();
        async Task WorkAsync()
        {
            for (var number = Interlocked.Increment(ref next); number < settings.Matters; number = Interlocked.Increment(ref next))
            {
                var plan = Plan(number, horizon);
                clock.Begin(plan.StartAt);
                await driver.DriveAsync(plan, horizon, cancellationToken);
                Interlocked.Increment(ref done);
            }
        }
        using (new Timer(_ => Report(done, watch.Elapsed), null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5)))
        {
            await Task.WhenAll(Enumerable.Range(0, settings.Workers).Select(_ => Task.Run(WorkAsync, cancellationToken)));
        }
        Report(done, watch.Elapsed);
        await RecordEmailsAsSentAsync(contexts, pendingBefore, cancellationToken);
        return await SeedCounts.ReadAsync(contexts, horizon, cancellationToken) - before;
    }

    private static async Task<List<string>> PendingEmailsAsync(IDbContextFactory<WorkflowsDbContext> contexts, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Outbox.PendingOfKind(SideEffectKinds.Email).Select(o => o.Id).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The seeded e-mails belong to the past: in a year of real use they went out when they were written. Left Pending, a
    /// server started on the database would mail a year of reminders at once (and spend its first hour on it).
    /// </summary>
    private static async Task RecordEmailsAsSentAsync(
        IDbContextFactory<WorkflowsDbContext> contexts, List<string> pendingBefore, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
        await db.Outbox.Where(o => o.Kind == SideEffectKinds.Email && o.State == OutboxState.Pending && !pendingBefore.Contains(o.Id))
            .ExecuteUpdateAsync(o => o.SetProperty(m => m.State, OutboxState.Sent).SetProperty(m => m.NextAttemptAt, (DateTimeOffset?)null)
                .SetProperty(m => m.Attempts, 1), cancellationToken);
    }

    private void Report(int done, TimeSpan elapsed)
    {
        lock (progress)
        {
            progress.WriteLine($"seeded {done}/{settings.Matters} matters in {elapsed.TotalSeconds:0} s");
        }
    }

    /// <summary>
    /// About <see cref="FinishedShare"/> of the matters are meant to finish, started any time in the period; the rest
    /// are the current work, started in the last weeks (more of them recently) and taken a few steps.
    /// </summary>
    private MatterPlan Plan(int number, DateTimeOffset horizon)
    {
        var random = SeedSettings.RandomFor(number);
        if (random.NextDouble() < FinishedShare)
        {
            var period = TimeSpan.FromDays(365 * settings.Years) - FinishingTime;
            return new MatterPlan(number, horizon - FinishingTime - period * random.NextDouble(), Finish: true, Steps: 0, random);
        }
        var age = random.NextDouble();
        return new MatterPlan(number, horizon - OpenWindow * (age * age), Finish: false, Steps: random.Next(0, 5), random);
    }

    private ServiceProvider Services(SeedOrganisation organisation, MatterClock clock)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{DatabaseOptions.SectionName}:Provider"] = settings.Provider.ToString(),
            [$"ConnectionStrings:{DatabaseOptions.ConnectionStringName}"] = settings.ConnectionString,
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton(clock);
        services.AddSingleton<IOrganisationDirectory>(organisation.ToDirectory());
        services.AddSingleton(organisation);
        services.AddWorkflowEngine();
        services.AddWorkflowPersistence(configuration);
        services.AddSingleton(new WriteTurns(taken: settings.Provider == DatabaseProvider.Sqlite));
        services.Replace(ServiceDescriptor.Singleton<IWorkflowInstanceStore>(sp =>
            new TurnTakingInstanceStore(sp.GetRequiredService<EfWorkflowInstanceStore>(), sp.GetRequiredService<WriteTurns>())));
        services.AddSingleton<IInterceptor, SqliteBulkWrites>();
        services.AddSingleton<TaskAnswers>();
        services.AddSingleton<MatterDriver>();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    /// <summary>As the server at start: every definition file not yet in the database, published when it validates.</summary>
    private async Task ImportDefinitionsAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var report = await services.GetRequiredService<EfWorkflowDefinitionStore>().ImportDirectoryAsync(settings.DefinitionsPath, cancellationToken);
        if (report.Failed.FirstOrDefault() is { } failure)
        {
            throw new SeedException($"cannot import {failure.File}: {failure.Message}");
        }
    }

    /// <summary>As the server at start: the shipped years the database lacks are stored, then every stored year is loaded.</summary>
    private async Task LoadCalendarAsync(IDbContextFactory<WorkflowsDbContext> contexts, StatutoryCalendar calendar, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var shipped = Path.Combine(settings.DefinitionsPath, "calendars");
        if (Directory.Exists(shipped))
        {
            var known = await db.CalendarYears.Select(c => c.Year).ToListAsync(cancellationToken);
            db.CalendarYears.AddRange(CalendarFiles.ReadDirectory(shipped).Where(y => !known.Contains(y.Year))
                .Select(y => new CalendarYearRecord { Year = y.Year, Json = y.ToJson(), UpdatedAt = DateTimeOffset.UtcNow, UpdatedBy = "shipped" }));
            await db.SaveChangesAsync(cancellationToken);
        }
        calendar.Load([.. (await db.CalendarYears.AsNoTracking().OrderBy(c => c.Year).Select(c => c.Json).ToListAsync(cancellationToken)).Select(CalendarYear.Parse)]);
    }
}

/// <summary>The seed cannot go on: the message says what is wrong.</summary>
public sealed class SeedException(string message) : Exception(message);
