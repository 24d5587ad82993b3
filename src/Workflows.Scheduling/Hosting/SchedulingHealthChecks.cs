using System.Net.Sockets;
using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Workflows.Scheduling.Email;

namespace Workflows.Scheduling.Hosting;

/// <summary>
/// Healthy while a Hangfire server of this database has sent a heartbeat recently: timers and e-mails are being
/// processed. A server that is still announcing itself (just after start) gets <see cref="MaxHeartbeatAge"/> of grace.
/// Registered as a singleton so it remembers since when no server was seen.
/// </summary>
public sealed class HangfireHealthCheck(JobStorage storage, TimeProvider time) : IHealthCheck
{
    public static readonly TimeSpan MaxHeartbeatAge = TimeSpan.FromMinutes(2);

    private DateTimeOffset? _noServerSince;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var alive = storage.GetMonitoringApi().Servers().Count(s => s.Heartbeat is { } beat && now.UtcDateTime - beat < MaxHeartbeatAge);
        if (alive > 0)
        {
            _noServerSince = null;
            return Task.FromResult(HealthCheckResult.Healthy($"{alive} Hangfire server(s) alive"));
        }
        _noServerSince ??= now;
        return Task.FromResult(now - _noServerSince < MaxHeartbeatAge
            ? HealthCheckResult.Healthy("waiting for the Hangfire server's first heartbeat")
            : HealthCheckResult.Unhealthy($"no Hangfire server has sent a heartbeat in {MaxHeartbeatAge.TotalMinutes:0} minutes: timers and e-mails wait"));
    }
}

/// <summary>
/// Whether the SMTP server answers on its port. Unreachable is Degraded, not Unhealthy: messages wait in the outbox
/// and go once it is back. Without SMTP configured, messages are kept as .eml files, which is healthy.
/// </summary>
public sealed class SmtpHealthCheck(IOptions<SmtpOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        var smtp = options.Value;
        if (!smtp.IsConfigured)
        {
            return HealthCheckResult.Healthy("no SMTP configured: e-mails are written as .eml files");
        }
        using var client = new TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            await client.ConnectAsync(smtp.Host!, smtp.Port, timeout.Token);
            return HealthCheckResult.Healthy($"SMTP {smtp.Host}:{smtp.Port} answers");
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            return HealthCheckResult.Degraded($"SMTP {smtp.Host}:{smtp.Port} does not answer: e-mails wait in the outbox");
        }
    }
}
