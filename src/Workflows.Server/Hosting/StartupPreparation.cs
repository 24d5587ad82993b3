using Microsoft.Extensions.Options;
using Workflows.Core.Calendar;
using Workflows.Persistence.Database;
using Workflows.Persistence.Definitions;
using Workflows.Server.Organisation;
using Workflows.Server.Calendar;

namespace Workflows.Server.Hosting;

public static class StartupPreparation
{
    /// <summary>
    /// Before serving: create or migrate the schema, make sure roles and the first administrator exist (and the demo
    /// organisation in Development), import shipped definitions that are not in the database yet, store the titles of
    /// matters started before titles were stored, load the calendar.
    /// </summary>
    /// <exception cref="DatabaseStartupException">The database cannot be used; the message says why and what to do.</exception>
    public static async Task PrepareAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        var services = app.Services;
        var options = services.GetRequiredService<IOptions<ServerOptions>>().Value;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StartupPreparation));

        await services.MigrateWorkflowDatabaseAsync(cancellationToken);
        await using (var scope = services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<OrganisationSeeder>().SeedAsync(options.SeedDemoOrganisation, cancellationToken);
        }

        var path = options.ResolveDefinitionsPath();
        var report = await services.GetRequiredService<EfWorkflowDefinitionStore>().ImportDirectoryAsync(path, cancellationToken);
        foreach (var imported in report.Imported)
        {
            logger.LogInformation("Imported {DefinitionId} from {File} ({State})", imported.DefinitionId, imported.File, imported.Published ? "published" : "draft: it has validation errors");
        }
        foreach (var failure in report.Failed)
        {
            logger.LogError("Could not import {File}: {Message}", failure.File, failure.Message);
        }
        await services.GetRequiredService<Scheduling.StartTriggers.StartTriggerSchedule>().SyncAllAsync(cancellationToken);
        await services.GetRequiredService<Instances.MatterTitleBackfill>().RunAsync(cancellationToken);

        await using (var scope = services.CreateAsyncScope())
        {
            var calendar = scope.ServiceProvider.GetRequiredService<CalendarStore>();
            var shipped = Path.Combine(path, "calendars");
            if (Directory.Exists(shipped))
            {
                await calendar.ImportMissingAsync(CalendarFiles.ReadDirectory(shipped), cancellationToken);
            }
            var years = await calendar.LoadAsync(cancellationToken);
            logger.LogInformation("Working-day calendar loaded for {Years}", string.Join(", ", years.Select(y => y.Year)));
        }
    }

    /// <summary>Runs a start-up step; a database that cannot be used ends the process with exit code 1 and the reason logged.</summary>
    public static async Task<int> RunStartupStepAsync(this WebApplication app, Func<Task> step)
    {
        try
        {
            await step();
            return 0;
        }
        catch (DatabaseStartupException ex)
        {
            app.Logger.LogCritical(ex, "Not starting: {Reason}", ex.Message);
            return 1;
        }
    }
}
