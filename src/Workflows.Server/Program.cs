using Workflows.Server.Attachments;
using Workflows.Server.Auth;
using Workflows.Server.Definitions;
using Workflows.Server.Email;
using Workflows.Scheduling;
using Workflows.Server.Hosting;
using Workflows.Server.Instances;
using Workflows.Server.Organisation;
using Workflows.Server.Tasks;
using Workflows.Server.Calendar;
using Workflows.Server.Ui;

var builder = WebApplication.CreateBuilder(args);

builder.AddWorkflowServer();
builder.AddWorkflowUi();

var app = builder.Build();

await app.PrepareAsync();

app.UseWorkflowServer();
app.MapAuthApi();
app.MapDefinitionsApi();
app.MapInstancesApi();
app.MapAttachmentsApi();
app.MapOrganisationApi();
app.MapTasksApi();
app.MapCalendarApi();
app.MapEmailApi();
app.MapSchedulingDashboard(Roles.Admin);
app.MapWorkflowUi();

app.Run();

/// <summary>Visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
