using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Server.Hosting;

namespace Workflows.Server.Tests.Hosting;

/// <summary>Admission control: API requests beyond the configured concurrency and queue get 503 with Retry-After, never a database error.</summary>
public sealed class RequestAdmissionTests
{
    /// <summary>A request body that arrives only when released: its request holds its turn until then.</summary>
    private sealed class HeldBody(string json) : HttpContent
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => _release.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await _release.Task;
            await stream.WriteAsync(Encoding.UTF8.GetBytes(json));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }

    [Fact]
    public async Task BeyondTheLimitAndTheQueue_ARequestIsTurnedAwayWith503AndRetryAfter_AndServedAgainOnceATurnIsFree()
    {
        await using var server = new ServerFactory();
        server.Settings["Workflows:Admission:MaxConcurrentRequests"] = "1";
        server.Settings["Workflows:Admission:MaxQueuedRequests"] = "0";
        server.Settings["Workflows:Admission:RetryAfter"] = "00:00:03";
        var drafter = await server.ClientForAsync("drafter");
        var clerk = await server.ClientForAsync("health-clerk");

        var body = new HeldBody("""{ "definitionId": "no-such-procedure", "input": {} }""");
        body.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        // Straight to the test server: the factory's client buffers a request body before sending it, to replay it on a redirect.
        using var streaming = new HttpClient(server.Server.CreateHandler()) { BaseAddress = server.Server.BaseAddress };
        streaming.DefaultRequestHeaders.Authorization = drafter.DefaultRequestHeaders.Authorization;
        // The server's own rate-limiting metric says when the held request has its turn (this server's meters only:
        // other tests' servers run in the same process).
        var meters = server.Services.GetRequiredService<IMeterFactory>();
        var admitted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        long leases = 0;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == meters && instrument.Name == "aspnetcore.rate_limiting.active_request_leases")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, change, _, _) =>
        {
            if (Interlocked.Add(ref leases, change) > 0)
            {
                admitted.TrySetResult();
            }
        });
        listener.Start();
        var held = streaming.PostAsync("/api/workflow-instances", body);
        await admitted.Task.WaitAsync(TimeSpan.FromMinutes(1));
        var busy = await clerk.GetAsync("/api/tasks");
        var health = await server.CreateClient().GetAsync("/health");
        body.Release();
        var heldAnswer = await held;
        var after = await clerk.GetAsync("/api/tasks");

        var problem = await busy.ExpectProblemAsync(HttpStatusCode.ServiceUnavailable, "busy", "try again in 3 s");
        Assert.Equal(TimeSpan.FromSeconds(3), busy.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        await heldAnswer.ExpectProblemAsync(HttpStatusCode.NotFound, "no-such-procedure");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.NotNull(problem["detail"]);
    }

    [Theory]
    [InlineData("MaxConcurrentRequests", "0")]
    [InlineData("MinPoolThreads", "0")]
    public async Task ANonsensicalAdmissionSetting_StopsTheServerAtStart_NamingIt(string setting, string value)
    {
        await using var server = new ServerFactory();
        server.Settings[$"Workflows:Admission:{setting}"] = value;

        var error = Assert.ThrowsAny<Exception>(() => server.CreateClient());

        Assert.Contains("Workflows:Admission", error.ToString(), StringComparison.Ordinal);
        Assert.Contains(setting, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheThreadPool_KeepsAThreadReadyForEveryAdmittedRequest_AndRoomForBackgroundWork()
    {
        await using var server = new ServerFactory();
        server.Settings["Workflows:Admission:MaxConcurrentRequests"] = "48";

        var anonymous = server.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health")).StatusCode);

        ThreadPool.GetMinThreads(out var workers, out _);
        Assert.True(workers >= 48 + AdmissionOptions.BackgroundThreads, $"the pool keeps {workers} threads ready");
    }
}
