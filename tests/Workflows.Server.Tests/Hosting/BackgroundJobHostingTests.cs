using Hangfire;
using Hangfire.Common;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Scheduling.StartTriggers;

namespace Workflows.Server.Tests.Hosting;

/// <summary>
/// Hangfire keeps a process-wide default job activator (the last host configured). Each server must run its jobs
/// with its own services, or a timer or scheduled start runs against another host's database — or, once that host
/// is gone, fails with "Cannot access a disposed object" (as CI saw when test servers started side by side).
/// </summary>
public sealed class BackgroundJobHostingTests
{
    [Fact]
    public async Task ServersStartedSideBySide_EachActivateJobsFromTheirOwnServices()
    {
        var servers = Enumerable.Range(0, 4).Select(_ => new ServerFactory()).ToList();
        try
        {
            await Task.WhenAll(servers.Select(s => Task.Run(() => s.Server)));

            foreach (var server in servers)
            {
                var storage = server.Services.GetRequiredService<JobStorage>();
                using var connection = storage.GetConnection();
                var job = new BackgroundJob("1", Job.FromExpression<ScheduledStartJob>(j => j.StartAsync("x", null, CancellationToken.None)), DateTime.UtcNow);
                using var scope = server.Services.GetRequiredService<JobActivator>()
                    .BeginScope(new JobActivatorContext(connection, job, new JobCancellationToken(false)));

                Assert.Same(storage, scope.Resolve(typeof(JobStorage)));
            }
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }
        }
    }
}
