using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Core.Runtime;
using Workflows.Core.Tasks;
using Workflows.Persistence;
using TaskStatus = Workflows.Persistence.Tasks.TaskStatus;

namespace Workflows.Http.Benchmarks;

/// <summary>
/// The same server hosted in-process on its own scratch database: the organisation and the requests are set up through
/// its API, then the reviewers claim and complete through <see cref="WorkflowEngine"/> directly — the rate the engine and
/// the store allow without HTTP, authentication, the inbox query and JSON.
/// </summary>
public sealed class InProcessEngine : IAsyncDisposable
{
    private readonly InProcessHost _host;
    private readonly HttpClient _client;
    private readonly WorkflowsApi _applicant;
    private readonly int _workers;

    private InProcessEngine(InProcessHost host, HttpClient client, WorkflowsApi applicant, int workers) =>
        (_host, _client, _applicant, _workers) = (host, client, applicant, workers);

    public static async Task<InProcessEngine> StartAsync(string provider, string connectionString, int workers)
    {
        var host = new InProcessHost(provider, connectionString);
        using (var client = host.CreateClient())
        {
            using var admin = await WorkflowsApi.SignInAsync(client, ServerProcess.AdminUserName, ServerProcess.AdminPassword);
            await VehicleScrappingLoad.CreateOrganisationAsync(admin, workers);
        }
        var applicantClient = host.CreateClient();
        var applicant = await WorkflowsApi.SignInAsync(applicantClient, VehicleScrappingLoad.Applicant, VehicleScrappingLoad.Password);
        return new InProcessEngine(host, applicantClient, applicant, workers);
    }

    /// <summary>Files <paramref name="matters"/> requests through the API, as the server's side does.</summary>
    public Task StartMattersAsync(int matters) => VehicleScrappingLoad.StartMattersAsync(_applicant, matters, 8);

    /// <summary>Claims and completes every open first review, as many at once as the server would admit.</summary>
    public async Task<(int Completed, TimeSpan Elapsed)> CompleteOfferedAsync()
    {
        var engine = _host.Services.GetRequiredService<WorkflowEngine>();
        ConcurrentQueue<(string Id, string InstanceId)> offered;
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
            var open = await db.Tasks.AsNoTracking().Where(t => t.Status == TaskStatus.Open && t.ActivityId == "financeReview")
                .Select(t => new { t.Id, t.InstanceId }).ToListAsync();
            offered = new([.. open.Select(t => (t.Id, t.InstanceId))]);
        }

        var completed = 0;
        var clock = Stopwatch.StartNew();
        // As many at once as the server admits (Workflows:Admission): more would only queue for database connections,
        // and on PostgreSQL 200 workers beside Hangfire's ran past its 100 connections.
        var concurrent = Math.Min(_workers, new Workflows.Server.Hosting.AdmissionOptions().MaxConcurrentRequests);
        await Task.WhenAll(Enumerable.Range(1, concurrent).Select(i => Task.Run(async () =>
        {
            var reviewer = VehicleScrappingLoad.Reviewer(i);
            while (offered.TryDequeue(out var task))
            {
                await engine.ResumeAsync(task.InstanceId, task.Id, new ResumeRequest { Action = TaskActions.Claim, Actor = reviewer }, CancellationToken.None);
                await engine.ResumeAsync(task.InstanceId, task.Id, new ResumeRequest
                {
                    Outcome = "agree",
                    Actor = reviewer,
                    Data = new JsonObject { ["opinion"] = "经审核，同意报废。" },
                }, CancellationToken.None);
                Interlocked.Increment(ref completed);
            }
        })));
        return (completed, clock.Elapsed);
    }

    public async ValueTask DisposeAsync()
    {
        _applicant.Dispose();
        _client.Dispose();
        await _host.DisposeAsync();
    }

    private sealed class InProcessHost(string provider, string connectionString) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            // The server's files (shipped definitions) are copied beside this program; its source folder is not needed.
            builder.UseContentRoot(AppContext.BaseDirectory);
            builder.UseEnvironment("Production");
            foreach (var (key, value) in ServerProcess.Settings(provider, connectionString))
            {
                builder.UseSetting(key, value);
            }
        }
    }
}
