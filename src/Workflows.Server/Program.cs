using Workflows.Persistence.Database;
using Workflows.Server.Attachments;
using Workflows.Server.Audit;
using Workflows.Server.Auth;
using Workflows.Server.Definitions;
using Workflows.Server.Email;
using Workflows.Scheduling;
using Workflows.Server.Documents;
using Workflows.Server.Documents.Register;
using Workflows.Server.Hosting;
using Workflows.Server.Instances;
using Workflows.Server.Ledgers;
using Workflows.Server.Archive;
using Workflows.Server.Instances.Adjustments;
using Workflows.Server.Instances.Migration;
using Workflows.Server.Operations;
using Workflows.Server.Organisation;
using Workflows.Server.Simulation;
using Workflows.Server.Tasks;
using Workflows.Server.Calendar;
using Workflows.Server.Dashboard;
using Workflows.Server.Triggers;
using Workflows.Server.Ui;

if (args.Contains(HealthProbe.Flag))
{
    return await HealthProbe.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = ServerContentRoot.For(args) });

builder.AddWorkflowServer();
builder.AddWorkflowUi();

// Disposed on every way out, so a refusal logged just before exiting is flushed from the console logger's queue.
await using var app = builder.Build();

// --migrate-only: a DBA-controlled upgrade applies the migrations and stops.
if (args.Contains("--migrate-only"))
{
    return await app.RunStartupStepAsync(() => app.Services.PrepareWorkflowDatabaseAsync(migrate: true, CancellationToken.None));
}
if (await app.RunStartupStepAsync(() => app.PrepareAsync()) is not 0 and var failed)
{
    return failed;
}

app.UseWorkflowServer();
app.MapAuthApi();
app.MapDefinitionsApi();
app.MapInstancesApi();
app.MapInstanceAdjustmentsApi();
app.MapMigrationApi();
app.MapSimulationApi();
app.MapAttachmentsApi();
app.MapDocumentsApi();
app.MapDocumentRegisterApi();
app.MapLedgersApi();
app.MapDashboardApi();
app.MapArchiveApi();
app.MapOrganisationApi();
app.MapTasksApi();
app.MapCalendarApi();
app.MapEmailApi();
app.MapAuditApi();
app.MapStartTriggersApi();
app.MapHttpTriggers();
app.MapSchedulingDashboard(Roles.Admin);
app.MapWorkflowUi();

app.Run();
return 0;

/// <summary>Visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
