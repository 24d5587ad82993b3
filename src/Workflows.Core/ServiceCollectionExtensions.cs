using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Workflows.Core.Activities;
using Workflows.Core.Calendar;
using Workflows.Core.Definitions;
using Workflows.Core.Expressions;
using Workflows.Core.Notifications;
using Workflows.Core.Organisation;
using Workflows.Core.Runtime;
using Workflows.Core.Tasks;
using Workflows.Core.Validation;

namespace Workflows.Core;

public sealed class WorkflowEngineBuilder(IServiceCollection services)
{
    public IServiceCollection Services { get; } = services;
    public WorkflowEngineOptions Options { get; } = new();
    public ExpressionOptions Expressions { get; } = new();
    /// <summary>Which kinds of e-mail the engine writes (all by default); bind <see cref="NotifyOptions.SectionName"/> to it.</summary>
    public NotifyOptions Notify { get; } = new();
    /// <summary>The hosts the HttpRequest activity may call (none by default); bind <see cref="HttpRequestSettings.SectionName"/> to it.</summary>
    public HttpRequestSettings Http { get; } = new();

    /// <summary>Makes an activity type available to definitions; this is all a new activity needs.</summary>
    public WorkflowEngineBuilder AddActivity<TActivity>() where TActivity : Activity
    {
        Services.AddSingleton(new ActivityRegistration(typeof(TActivity)));
        return this;
    }
}

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// The engine with the built-in activities. Stores, definition source, calendar and clock default to in-memory,
    /// a statutory calendar with no years loaded (Monday–Friday, provisional) and the system clock; register your own before or after to replace them.
    /// </summary>
    public static IServiceCollection AddWorkflowEngine(this IServiceCollection services, Action<WorkflowEngineBuilder>? configure = null)
    {
        var builder = new WorkflowEngineBuilder(services)
            .AddActivity<Start>().AddActivity<End>().AddActivity<Decision>().AddActivity<Switch>()
            .AddActivity<Fork>().AddActivity<Join>().AddActivity<SetVariable>().AddActivity<Delay>()
            .AddActivity<WaitSignal>().AddActivity<UserTask>().AddActivity<SendEmail>().AddActivity<Notify>()
            .AddActivity<GenerateDocument>().AddActivity<SignOffDocument>().AddActivity<WriteLine>().AddActivity<Script>()
            .AddActivity<Fault>().AddActivity<HttpRequest>().AddActivity<CompleteTasks>();
        configure?.Invoke(builder);

        services.AddSingleton(builder.Options);
        services.AddSingleton(builder.Expressions);
        services.AddSingleton(builder.Notify);
        services.AddSingleton(builder.Http);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<StatutoryCalendar>();
        services.TryAddSingleton<IWorkingDayCalendar>(sp => sp.GetRequiredService<StatutoryCalendar>());
        services.TryAddSingleton<IWorkflowInstanceStore, InMemoryWorkflowInstanceStore>();
        services.TryAddSingleton<InMemoryWorkflowDefinitionSource>();
        services.TryAddSingleton<IWorkflowDefinitionSource>(sp => sp.GetRequiredService<InMemoryWorkflowDefinitionSource>());
        services.TryAddSingleton<JavaScriptEvaluator>();
        services.TryAddSingleton<LiquidRenderer>();
        services.TryAddSingleton<IExpressionEvaluator, ExpressionEvaluator>();
        services.TryAddSingleton<MatterTitles>();
        services.TryAddSingleton<Layout.WorkflowLayout>();
        services.TryAddSingleton<DeadlineCalculator>();
        services.TryAddSingleton<IOrganisationDirectory, InMemoryOrganisationDirectory>();
        services.TryAddSingleton<AssigneeResolver>();
        services.TryAddSingleton<TaskDeadlineCalculator>();
        services.TryAddSingleton<EmailNotices>();
        services.TryAddSingleton<TaskAlertCommands>();
        services.TryAddSingleton<MatterSelection>();
        services.TryAddSingleton<TaskCommands>();
        services.TryAddSingleton<ActivityRegistry>();
        services.TryAddSingleton<WorkflowValidator>();
        services.TryAddSingleton<WorkflowMetrics>();
        services.TryAddSingleton<WorkflowEngine>();
        services.TryAddSingleton<Adjustments.InstanceAdjuster>();
        services.TryAddSingleton<Migration.InstanceMigrator>();
        return services;
    }
}
