using Microsoft.Extensions.Options;
using Workflows.Core.Calendar;
using Workflows.Persistence.Database;
using Workflows.Persistence.Definitions;
using Workflows.Server.Organisation;

namespace Workflows.Server.Hosting;

public static class StartupPreparation
{
    /// <summary>
    /// Before serving: create or migrate the schema, make sure roles and the first administrator exist (and the demo
    /// organisation in Development), import shipped definitions that are not in the database yet, load the calendar.
    /// </summary>
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

        var calendars = Path.Combine(path, "calendars");
        if (Directory.Exists(calendars))
        {
            var calendar = services.GetRequiredService<StatutoryCalendar>();
            calendar.Load(CalendarFiles.ReadDirectory(calendars));
            logger.LogInformation("Working-day calendar loaded for {Years}", string.Join(", ", calendar.Years.Order()));
        }
    }
}
