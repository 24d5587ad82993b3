namespace Workflows.Server.Operations;

/// <summary>Section <c>Workflows:Telemetry</c>: where metrics go. Both off by default.</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Workflows:Telemetry";

    /// <summary>Serve a Prometheus scrape endpoint at <c>/metrics</c>.</summary>
    public bool Prometheus { get; set; }

    /// <summary>Push metrics over OTLP to this collector address, e.g. http://otel-collector:4317.</summary>
    public Uri? OtlpEndpoint { get; set; }
}
