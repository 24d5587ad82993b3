using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Workflows.Server.Hosting;

/// <summary>
/// Section <c>Workflows:Admission</c>: how many API requests run at once, and how many wait for a turn. Beyond that a
/// request is turned away with 503 and <c>Retry-After</c>, so a rush of people ends in a short wait or a clear
/// "try again", never in the database refusing connections halfway through someone's work.
/// </summary>
public sealed class AdmissionOptions
{
    public const string SectionName = "Workflows:Admission";

    /// <summary>API requests in progress at once; the rest queue. Keep it below the database's connection limit.</summary>
    public int MaxConcurrentRequests { get; set; } = 32;

    /// <summary>API requests waiting for a turn, oldest first; one more is answered 503 at once.</summary>
    public int MaxQueuedRequests { get; set; } = 500;

    /// <summary>What a turned-away caller is told to wait before trying again.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Threads the pool keeps ready (its floor); unset, <see cref="MaxConcurrentRequests"/> plus
    /// <see cref="BackgroundThreads"/>. SQLite makes a writer wait for the one before it by sleeping on its thread, so
    /// the admitted requests can hold that many threads at once; below the floor the pool adds threads about one a
    /// second, and every other request waits for one.
    /// </summary>
    public int? MinPoolThreads { get; set; }

    /// <summary>Room above the admitted requests for Hangfire's workers, e-mail delivery and the UI's circuits.</summary>
    public const int BackgroundThreads = 32;

    public int PoolFloor => MinPoolThreads ?? MaxConcurrentRequests + BackgroundThreads;
}

internal static class RequestAdmission
{
    /// <summary>
    /// Admits API requests <see cref="AdmissionOptions.MaxConcurrentRequests"/> at a time, queues and turns away the
    /// rest, and keeps a pool thread ready for each of them (<see cref="AdmissionOptions.PoolFloor"/>).
    /// </summary>
    public static void AddRequestAdmission(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(AdmissionOptions.SectionName).Get<AdmissionOptions>() ?? new AdmissionOptions();
        if (options.MaxConcurrentRequests < 1 || options.MaxQueuedRequests < 0 || options.RetryAfter <= TimeSpan.Zero || options.MinPoolThreads is < 1)
        {
            throw new InvalidOperationException(
                $"{AdmissionOptions.SectionName} needs MaxConcurrentRequests of at least 1, MaxQueuedRequests of at least 0, a positive RetryAfter and MinPoolThreads (if set) of at least 1");
        }
        RaiseThreadPoolFloor(options.PoolFloor);
        builder.Services.AddRateLimiter(limiter =>
        {
            // Only the API: the UI's circuits are long-lived connections, and health probes must answer while busy.
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http => http.Request.Path.StartsWithSegments("/api")
                ? RateLimitPartition.GetConcurrencyLimiter("api", _ => new ConcurrencyLimiterOptions
                {
                    PermitLimit = options.MaxConcurrentRequests,
                    QueueLimit = options.MaxQueuedRequests,
                    QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                })
                : RateLimitPartition.GetNoLimiter(""));
            limiter.RejectionStatusCode = StatusCodes.Status503ServiceUnavailable;
            limiter.OnRejected = (context, cancellationToken) => RejectAsync(context, options, cancellationToken);
        });
    }

    /// <summary>Raised, never lowered: a host (or a test process with many servers) may have set a higher floor already.</summary>
    private static void RaiseThreadPoolFloor(int floor)
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        if (floor > workers)
        {
            ThreadPool.SetMinThreads(floor, completionPorts);
        }
    }

    private static async ValueTask RejectAsync(OnRejectedContext context, AdmissionOptions options, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var seconds = (int)Math.Ceiling(options.RetryAfter.TotalSeconds);
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await TypedResults.Problem(
            title: "The server is busy",
            detail: $"{options.MaxConcurrentRequests} requests are being handled and {options.MaxQueuedRequests} are waiting; nothing was done — try again in {seconds} s",
            statusCode: StatusCodes.Status503ServiceUnavailable).ExecuteAsync(http);
    }
}
