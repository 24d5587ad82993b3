using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using Workflows.Core.Runtime;

namespace Workflows.Server.Operations;

public static class TelemetrySetup
{
    /// <summary>The engine's and the server's metrics, exported as <see cref="TelemetryOptions"/> says.</summary>
    public static void AddWorkflowTelemetry(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        builder.Services.Configure<TelemetryOptions>(builder.Configuration.GetSection(TelemetryOptions.SectionName));
        builder.Services.AddSingleton<WorkloadGauges>();
        if (!options.Prometheus && options.OtlpEndpoint is null)
        {
            return;
        }
        builder.Services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            metrics.AddMeter(WorkflowMetrics.MeterName).AddAspNetCoreInstrumentation();
            if (options.Prometheus)
            {
                metrics.AddPrometheusExporter();
            }
            if (options.OtlpEndpoint is { } endpoint)
            {
                metrics.AddOtlpExporter(o => o.Endpoint = endpoint);
            }
        });
    }

    public static void UseWorkflowTelemetry(this WebApplication app)
    {
        // The gauges exist from the start, so the first scrape already sees them.
        app.Services.GetRequiredService<WorkloadGauges>();
        app.UseMiddleware<LogScopes>();
        if (app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value.Prometheus)
        {
            // Scraped from inside the network, like /health: no token.
            app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous();
        }
    }
}
