using Hangfire;
using Hangfire.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Workflows.Persistence.Database;
using Workflows.Persistence.Instances;
using Workflows.Scheduling.Email;
using Workflows.Scheduling.Hosting;
using Workflows.Scheduling.StartTriggers;
using Workflows.Scheduling.Timers;
using Workflows.Persistence.Definitions;

namespace Workflows.Scheduling;

public static class ServiceCollectionExtensions
{
    public const string DashboardPath = "/hangfire";

    /// <summary>
    /// Hangfire on the application's database with a server polling every <see cref="SchedulingOptions.SchedulePollingInterval"/>,
    /// timer jobs after each commit (and an in-process alarm at each due instant) and a sweep every minute, and e-mail
    /// delivery (<see cref="SmtpOptions"/>, <see cref="EmailOptions"/>). Needs <c>AddWorkflowPersistence()</c>.
    /// </summary>
    public static IServiceCollection AddWorkflowScheduling(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SchedulingOptions>().Bind(configuration.GetSection(SchedulingOptions.SectionName))
            .Validate(o => o.SchedulePollingInterval > TimeSpan.Zero && o.WorkerCount > 0 && o.TimerParallelism > 0 && o.AbandonedLockAfter > TimeSpan.Zero,
                "Workflows:Scheduling needs a positive SchedulePollingInterval, WorkerCount, TimerParallelism and AbandonedLockAfter")
            .Validate(o => o.InProcessFiringHorizon >= TimeSpan.Zero && o.InProcessFiringHorizon <= SchedulingOptions.MaxInProcessFiringHorizon,
                "Workflows:Scheduling:InProcessFiringHorizon must be between zero (off) and 49 days")
            .ValidateOnStart();
        services.AddOptions<SmtpOptions>().Bind(configuration.GetSection(SmtpOptions.SectionName))
            .Validate(o => !o.IsConfigured || o.Port is > 0 and < 65536, "Workflows:Smtp:Port must be a TCP port")
            .ValidateOnStart();
        services.AddOptions<EmailOptions>().Bind(configuration.GetSection(EmailOptions.SectionName))
            .PostConfigure(o => o.PublicUrl = configuration["Workflows:PublicUrl"]
                ?? configuration[$"{EmailOptions.SectionName}:{nameof(EmailOptions.PublicUrl)}"] ?? ListeningAddress.From(configuration) ?? o.PublicUrl)
            .Validate(o => o.MaxAttempts > 0 && o.RetryBaseDelay > TimeSpan.Zero, "Workflows:Email needs a positive MaxAttempts and RetryBaseDelay")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => HangfireStorageFactory.Create(
            sp.GetRequiredService<IOptions<DatabaseOptions>>().Value, sp.GetRequiredService<IOptions<SchedulingOptions>>().Value));
        // Hangfire's default activator is process-wide (the last host configured wins); each host runs its jobs with
        // its own services, which matters wherever two hosts share a process (the test servers do).
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire((sp, config) => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseStorage(sp.GetRequiredService<JobStorage>()));
        services.AddHangfireServer((sp, server) =>
        {
            var options = sp.GetRequiredService<IOptions<SchedulingOptions>>().Value;
            server.SchedulePollingInterval = options.SchedulePollingInterval;
            server.WorkerCount = options.WorkerCount;
        });
        services.AddHostedService<RecurringSweep>();
        services.AddSingleton<ICommitFollowUp, HangfireFollowUp>();
        services.AddSingleton<FollowUpQueue>();
        services.AddHostedService<FollowUpDispatcher>();
        // The alarm fires on time from this node; the Hangfire tick the dispatcher schedules (or the sweep) is the durable fallback.
        services.AddSingleton<TimerAlarms>();
        services.AddSingleton<ICommitFollowUp>(sp => sp.GetRequiredService<TimerAlarms>());
        services.AddHostedService(sp => sp.GetRequiredService<TimerAlarms>());

        services.AddTransient<TimerJobs>();
        services.AddTransient<TimerTickJob>();
        services.AddSingleton<TimerTickPlan>();
        services.AddSingleton<TimersInFlight>();
        services.AddTransient<SweepJob>();
        services.AddSingleton<EmailTemplateStore>();
        services.AddSingleton<RecipientResolver>();
        services.AddSingleton<EmailComposer>();
        services.AddSingleton<Mailer>();
        services.AddTransient<OutboxSender>();
        services.AddSingleton<StartTriggerSchedule>();
        services.AddSingleton<IPublicationListener>(sp => sp.GetRequiredService<StartTriggerSchedule>());
        services.AddTransient<ScheduledStartJob>();
        return services;
    }

    /// <summary>The Hangfire dashboard at <see cref="DashboardPath"/>, for users in <paramref name="adminRole"/> only.</summary>
    public static IEndpointConventionBuilder MapSchedulingDashboard(this IEndpointRouteBuilder endpoints, string adminRole) =>
        endpoints.MapHangfireDashboard(DashboardPath, new DashboardOptions
        {
            Authorization = [new AdminDashboardFilter(adminRole)],
            DisplayStorageConnectionString = false,
            DashboardTitle = "Workflows jobs",
        }).RequireAuthorization(p => p.RequireRole(adminRole));
}
