using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Scalar.AspNetCore;
using Workflows.Scheduling.Hosting;
using Workflows.Core;
using Workflows.Core.Activities;
using Workflows.Persistence;
using Workflows.Scheduling;
using Workflows.Server.Attachments;
using Workflows.Server.Auth;
using Workflows.Server.Documents;
using Workflows.Server.Ledgers;
using Workflows.Server.Archive;
using Workflows.Server.Instances;
using Workflows.Server.Instances.Adjustments;
using Workflows.Server.Operations;
using Workflows.Server.Organisation;
using Workflows.Server.Tasks;
using Workflows.Server.Calendar;
using Workflows.Core.Notifications;
using Workflows.Core.Organisation;
using Workflows.Designer.Services;
using Workflows.Persistence.Instances;

using Workflows.Server.MatterBatches;

namespace Workflows.Server.Hosting;

public static class ServerSetup
{
    /// <summary>Everything the server registers: engine, database, accounts, API plumbing.</summary>
    public static void AddWorkflowServer(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ServerOptions>().Bind(builder.Configuration.GetSection(ServerOptions.SectionName))
            .PostConfigure(o => o.SeedDemoOrganisation = builder.Configuration.GetValue<bool?>("Workflows:SeedDemoOrganisation")
                ?? builder.Environment.IsDevelopment());
        services.AddSingleton<DatabaseOrganisationDirectory>();
        services.AddSingleton<Dashboard.DashboardFigures>();
        services.AddSingleton<Dashboard.DashboardSnapshots>();
        services.AddOptions<Dashboard.DashboardOptions>().Bind(builder.Configuration.GetSection(Dashboard.DashboardOptions.SectionName))
            .Validate(o => o.MaxAge >= TimeSpan.Zero, "Workflows:Dashboard:MaxAge must not be negative")
            .ValidateOnStart();
        services.AddSingleton<IOrganisationDirectory>(sp => sp.GetRequiredService<DatabaseOrganisationDirectory>());
        services.AddWorkflowEngine(engine =>
        {
            builder.Configuration.GetSection("Workflows:Engine").Bind(engine.Options);
            builder.Configuration.GetSection("Workflows:Expressions").Bind(engine.Expressions);
            builder.Configuration.GetSection(NotifyOptions.SectionName).Bind(engine.Notify);
            builder.Configuration.GetSection(HttpRequestSettings.SectionName).Bind(engine.Http);
        });
        services.AddWorkflowPersistence(builder.Configuration);
        services.AddWorkflowScheduling(builder.Configuration);
        builder.AddWorkflowAuthentication();
        builder.AddAttachmentStorage();
        builder.AddDocuments();
        builder.AddLedgers();
        builder.AddArchive();
        builder.AddWorkflowTelemetry();
        builder.AddRequestAdmission();
        services.AddScoped<InstanceAccess>();
        services.AddScoped<InstancePermissions>();
        services.AddScoped<InstanceStarter>();
        services.AddInstanceAdjustments();
        services.AddMatterBatches();
        services.AddScoped<Simulation.DefinitionSimulator>();
        services.AddScoped<Instances.Migration.DefinitionMigration>();
        services.AddSingleton<InstanceChanges>();
        services.AddSingleton<ICommitFollowUp>(sp => sp.GetRequiredService<InstanceChanges>());
        services.AddSingleton<IWorkChanges>(sp => sp.GetRequiredService<InstanceChanges>());
        services.AddHostedService<ChangeRelay>();
        services.AddOptions<InboxOptions>().Bind(builder.Configuration.GetSection(InboxOptions.SectionName))
            .Validate(o => o.DoneCountLimit is > 0 and < int.MaxValue, "Workflows:Inbox:DoneCountLimit must be 1 to 2147483646")
            .ValidateOnStart();
        services.AddScoped<TaskInbox>();
        services.AddScoped<InboxSearch>();
        services.AddSingleton<MatterTitleBackfill>();
        services.AddScoped<CalendarStore>();
        services.AddSingleton<Triggers.ApiKeys>();
        services.AddSingleton<Email.OutboxRetry>();
        services.AddSingleton<Email.SmtpTest>();
        services.AddSingleton<Email.OutboxList>();
        services.AddScoped<Organisation.OrganisationSeeder>();
        services.AddScoped<Organisation.OrganisationEditor>();

        // Behind a proxy (nginx, see README): the caller's address for throttling and audit, and https for Secure cookies.
        services.Configure<Microsoft.AspNetCore.Builder.ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto;
            foreach (var proxy in builder.Configuration.GetSection("Workflows:KnownProxies").Get<string[]>() ?? [])
            {
                o.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
            }
        });
        services.AddProblemDetails();
        services.AddExceptionHandler<WorkflowProblemHandler>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        services.AddOpenApi();
        services.AddSingleton<HangfireHealthCheck>();
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database")
            .AddCheck<HangfireHealthCheck>("hangfire")
            .AddCheck<SmtpHealthCheck>("smtp");
        var maxBody = builder.Configuration.GetValue<long?>("Workflows:Attachments:MaxSizeBytes") ?? AttachmentOptions.DefaultMaxSizeBytes;
        // Kestrel's cap sits just above the largest attachment; JSON endpoints have a smaller limit of their own.
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = maxBody + 64 * 1024);
    }

    public static void UseWorkflowServer(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseMiddleware<SecurityHeaders>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // Before authentication: checking a token's security stamp reads the database too.
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<JsonBodyLimit>();
        app.UseWorkflowTelemetry();
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference("/api-docs").AllowAnonymous();
        app.MapHealthChecks("/health").AllowAnonymous();
        // Each check's state for operators; names and states only, never connection strings.
        app.MapHealthChecks("/health/details", new HealthCheckOptions { ResponseWriter = HealthDetails.WriteAsync }).AllowAnonymous();
    }

    private sealed class DatabaseHealthCheck(IServiceScopeFactory scopes) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
            return await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("the database cannot be reached");
        }
    }
}
